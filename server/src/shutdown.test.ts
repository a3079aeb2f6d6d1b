import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXTENSION_ORIGIN } from '@pkc/shared';
import { readDataSet } from './store/dataSetFiles.ts';
import { startServerProcess, type ServerProcess } from './testing/serverProcess.ts';
import { clientSignals } from './testing/testServer.ts';

/* Issue 16: SIGTERM/SIGINT drain requests in flight, flush the store and exit 0; a second signal exits at once. */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pkc-shutdown-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess(resolve('node_modules/.bin/tsx'), [resolve('server/src/main.ts')], {
    env: { ...process.env, PORT: '0', DATA_FILE: join(dir, 'companion.json'), ...env },
  });
}

/** A login/start whose body has not all arrived yet: a request in flight for as long as the test wants. */
async function halfSentRequest(port: number): Promise<{ socket: Socket; finish: () => Promise<string> }> {
  const body = JSON.stringify({
    siteId: 'site_nosuchsite01',
    origin: 'http://shop.localhost:4000',
    username: 'alice',
    client: clientSignals(),
  });
  const socket = connect(port, '127.0.0.1');
  await new Promise((done) => socket.once('connect', done));
  socket.write(
    `POST /v1/ext/login/start HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${EXTENSION_ORIGIN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
  );
  let reply = '';
  socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
  const ended = new Promise<void>((done) => socket.once('close', () => done()));
  return {
    socket,
    async finish() {
      socket.write(body.slice(10));
      await ended;
      return reply;
    },
  };
}

function refused(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(true));
  });
}

async function waitForLog(started: ServerProcess, text: string): Promise<void> {
  while (!started.log().includes(text)) await new Promise((done) => setTimeout(done, 20));
}

describe('stopping the server', { timeout: 30_000 }, () => {
  it('SIGTERM: new connections are refused, the request in flight is answered, the store is flushed, exit 0', async () => {
    const started = await startServer();
    const inFlight = await halfSentRequest(started.port);
    started.child.kill('SIGTERM');
    await waitForLog(started, 'stopping: finishing requests in flight');
    expect(await refused(started.port)).toBe(true);
    const reply = await inFlight.finish();
    expect(reply).toMatch(/^HTTP\/1\.1 404 /);
    expect(reply).toContain('unknown_site');
    expect(await started.exit).toBe(0);
    // Flushed and released: the data set opens, with the signing key the server made.
    expect((await readDataSet(join(dir, 'companion.json'))).signingKey).not.toBeNull();
    expect(started.log()).toContain('"msg":"stopped"');
  });

  it('a request still running after SHUTDOWN_GRACE_MS is cut, and the server still stops cleanly', async () => {
    const started = await startServer({ SHUTDOWN_GRACE_MS: '300' });
    const stuck = await halfSentRequest(started.port);
    started.child.kill('SIGINT');
    expect(await started.exit).toBe(0);
    expect(started.log()).toContain('requests still running after the grace period were cut');
    stuck.socket.destroy();
  });

  it('a second signal exits at once', async () => {
    const started = await startServer({ SHUTDOWN_GRACE_MS: '60000' });
    const stuck = await halfSentRequest(started.port);
    started.child.kill('SIGTERM');
    await waitForLog(started, 'stopping: finishing requests in flight');
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(1);
    expect(started.log()).toContain('second signal: exiting at once');
    stuck.socket.destroy();
  });
});
