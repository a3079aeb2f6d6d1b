import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFinishReplySchema, loginStartReplySchema } from '@pkc/shared';
import { pino } from 'pino';
import { device, startSecurityServer, type SecurityServer, type Site } from '../security/harness.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { REQUEST_ID_HEADER } from './requestLog.ts';

/* Issue 16: one JSON line per request, and never a secret in the log of a whole run. */

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((line) => line.length > 0),
    );
    done();
  },
});
let server: SecurityServer;
let shop: Site;
const USERNAME = 'Alice.Private@Example.com';
const NONCE = 'a-browser-nonce-that-is-secret-0001';
const seen: { requestId: string | null; status: number }[] = [];
const secrets: string[] = [];

beforeAll(async () => {
  server = await startSecurityServer({ logger: pino({ level: 'info' }, sink) });
  shop = await server.addSite('shop.localhost');
  const key = new SoftAuthenticator();
  const grant = await server.mintGrant(shop, 'u-1', USERNAME);
  secrets.push(shop.secret, grant, USERNAME, NONCE);
  const offer = await server.call('/v1/ext/append/start', {
    body: { siteId: shop.siteId, origin: shop.origin, grant, client: clientSignals(device('a')) },
  });
  const { ceremony } = offer.json as { ceremony: { ceremonyId: string; options: Parameters<SoftAuthenticator['create']>[0] } };
  const created = key.create(ceremony.options, shop.origin);
  await server.call('/v1/ext/append/finish', { body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response: created } });
  const started = await server.call('/v1/ext/login/start', {
    body: { siteId: shop.siteId, origin: shop.origin, username: USERNAME, client: clientSignals(device('a')), pageNonce: NONCE },
  });
  const login = loginStartReplySchema.parse(started.json);
  if (login.decision === 'password') throw new Error('expected a passkey login');
  const finished = await server.call('/v1/ext/login/finish', {
    body: { ceremonyId: login.ceremony.ceremonyId, origin: shop.origin, response: key.get(login.ceremony.options, shop.origin) },
  });
  const { token } = loginFinishReplySchema.parse(finished.json);
  secrets.push(token, ...token.split('.'));
  const verified = await server.call(`/v1/sites/${shop.siteId}/login-tokens/verify`, {
    body: { token, nonce: NONCE },
    headers: { authorization: `Bearer ${shop.secret}` },
  });
  expect(verified.status).toBe(200);
  for (const reply of [
    started,
    finished,
    verified,
    await server.call('/nowhere'),
    await server.post('/v1/ext/login/start', '{"broken', { 'content-type': 'application/json' }),
  ]) {
    seen.push({ requestId: reply.headers.get(REQUEST_ID_HEADER), status: reply.status });
  }
});
afterAll(() => server.stop());

const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('request log', () => {
  it('one line per request with its id (also sent back), method, route template, status and duration', () => {
    for (const { requestId, status } of seen) {
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const mine = parsed().filter((line) => line['reqId'] === requestId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        status,
        method: expect.any(String),
        route: expect.any(String),
        durationMs: expect.any(Number),
        msg: 'request',
      });
    }
    expect(parsed().find((line) => line['reqId'] === seen[2]?.requestId)).toMatchObject({
      route: '/v1/sites/:siteId/login-tokens/verify',
      method: 'POST',
    });
    expect(parsed().find((line) => line['reqId'] === seen[3]?.requestId)).toMatchObject({ route: '(no route)', status: 404 });
  });

  it('names the person only by a hash: the same person, the same hash', () => {
    const hashes = parsed()
      .filter((line) => line['route'] === '/v1/ext/login/start' && line['status'] === 200)
      .map((line) => line['userHash']);
    expect(hashes).toEqual([expect.stringMatching(/^[\w-]{16}$/)]);
  });

  it('never holds a secret, grant, token, nonce or username, anywhere in the whole run', () => {
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log.toLowerCase()).not.toContain('alice.private');
  });

  it("keeps a caller's own request id when it is a plain token, and makes one up otherwise", async () => {
    const kept = await server.call('/healthz', { headers: { [REQUEST_ID_HEADER]: 'lb-7f3a.91' } });
    expect(kept.headers.get(REQUEST_ID_HEADER)).toBe('lb-7f3a.91');
    const replaced = await server.call('/healthz', { headers: { [REQUEST_ID_HEADER]: 'evil id with spaces "quoted"' } });
    expect(replaced.headers.get(REQUEST_ID_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
