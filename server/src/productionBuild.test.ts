import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './testing/postgres.ts';
import { startServerProcess } from './testing/serverProcess.ts';

/*
 * Issue 16: `npm run build:server`, then `node server/dist/main.js` in a clean copy that has
 * only the runtime dependencies (`npm ci --omit=dev`): what a production install runs.
 */

const run = promisify(execFile);
const root = resolve('.');
let copy: string;

beforeAll(async () => {
  await run('npm', ['run', '-s', 'build:server'], { cwd: root });
  copy = await mkdtemp(join(tmpdir(), 'pkc-prod-'));
  // What a deployment ships: the manifests (npm needs each workspace's) and the build.
  for (const file of ['package.json', 'package-lock.json', 'server/package.json', 'shared/package.json', 'e2e/package.json']) {
    await mkdir(join(copy, file, '..'), { recursive: true });
    await cp(join(root, file), join(copy, file));
  }
  await cp(join(root, 'server/dist'), join(copy, 'server/dist'), { recursive: true });
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--workspace=server', '--no-audit', '--no-fund'], { cwd: copy });
}, 180_000);
afterAll(() => rm(copy, { recursive: true, force: true }));

async function startBuilt(env: Record<string, string>): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const server = await startServerProcess(process.execPath, ['server/dist/main.js'], {
    cwd: copy,
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', ...env },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    stop: () => {
      server.child.kill('SIGTERM');
      return server.exit;
    },
  };
}

describe('the production build', { timeout: 60_000 }, () => {
  it('installs without dev dependencies: no TypeScript loader, no test tools', () => {
    for (const devOnly of ['tsx', 'vitest', 'typescript', 'puppeteer-core', 'esbuild'])
      expect(existsSync(join(copy, 'node_modules', devOnly)), devOnly).toBe(false);
    expect(existsSync(join(copy, 'node_modules', 'express'))).toBe(true);
  });

  it('runs on the embedded store: healthy, ready, describes its API, and stops cleanly', async () => {
    const server = await startBuilt({ DATA_FILE: join(copy, 'data/companion.json') });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/openapi.json`)).json()).toMatchObject({ openapi: '3.1.0' });
    // The console's page ships with the build (server/dist/console), not from the repo.
    expect(await (await fetch(`${server.url}/console/`)).text()).toContain('/console/assets/console.js');
    const script = await fetch(`${server.url}/console/assets/console.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(await server.stop()).toBe(0);
  });

  it('runs on PostgreSQL, migrating a new database from the migrations shipped with the build', async () => {
    const server = await startBuilt({ DATABASE_URL: await freshDatabase() });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await server.stop()).toBe(0);
  });
});
