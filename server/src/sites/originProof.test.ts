import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchOriginProof, isPublicAddress } from './originProof.ts';

/* The origin proof fetch: what a console owner's typed origin can make the server reach (security review of issue 15). */

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('fetchOriginProof', () => {
  it('tells public addresses from loopback, private, link-local, CGNAT, unique-local and mapped ones', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111'])
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      'not-an-address',
    ])
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
  });

  it('without private addresses allowed, refuses loopback by IP and by *.localhost name, before connecting', async () => {
    let reached = 0;
    const port = await serve((_req, res) => {
      reached += 1;
      res.end('{}');
    });
    for (const origin of [`http://127.0.0.1:${port}`, `http://books.localhost:${port}`, `http://[::1]:${port}`]) {
      const result = await fetchOriginProof(origin, { allowPrivateAddresses: false });
      expect([origin, result instanceof Error && result.message]).toEqual([origin, expect.stringContaining('not a public address')]);
    }
    expect(reached).toBe(0);
    // The operator's own check (npm run site -- verify) may reach them.
    expect(await fetchOriginProof(`http://books.localhost:${port}`)).toEqual({});
    expect(reached).toBe(1);
  });

  it('cuts a server that trickles its answer at the whole budget, not per byte', async () => {
    const port = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    });
    // Without the overall deadline this never settles (each byte resets the idle timer): the test times out.
    const result = await fetchOriginProof(`http://127.0.0.1:${port}`, { timeoutMs: 400 });
    expect(result instanceof Error && result.message).toContain('did not answer within 400 ms');
  });
});
