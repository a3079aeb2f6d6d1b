import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFinishReplySchema } from '@pkc/shared';
import { device, ManualClock, startSecurityServer, UNLIMITED, type SecurityServer, type Site } from '../../security/harness.ts';
import { freshDatabase } from '../../testing/postgres.ts';
import { SoftAuthenticator } from '../../testing/softAuthenticator.ts';
import { clientSignals } from '../../testing/testServer.ts';
import { KEY_REFRESH_MS, KeyRing, PUBLISH_AHEAD_MS } from '../../tokens/keyRing.ts';
import { LOGIN_TOKEN_TTL_S } from '../../tokens/loginTokens.ts';
import { startLocalCluster } from './localCluster.ts';
import { PgStore, SITE_CACHE_MS } from './pgStore.ts';

/*
 * Two companion servers on one PostgreSQL database, as behind a load balancer: whatever one
 * starts the other can finish, and whatever is single use is used once across both (issue 12).
 */

const clock = new ManualClock();
let databaseUrl: string;
let a: SecurityServer;
let b: SecurityServer;
let shop: Site;
const alice = new SoftAuthenticator();

beforeAll(async () => {
  databaseUrl = await freshDatabase();
  const rateLimits = { ...UNLIMITED, perIdentifier: { capacity: 4, windowMs: 60_000 } };
  // Behind one load balancer both are the same issuer.
  const options = { databaseUrl, clock, rateLimits, publicUrl: 'http://companion.localhost:8787' };
  [a, b] = await Promise.all([startSecurityServer(options), startSecurityServer(options)]);
  shop = await a.addSite('shop.localhost');
  await a.register(shop, 'u-1', 'alice', alice, device('alice'));
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
});

const finishAt = (server: SecurityServer, ceremonyId: string, response: unknown) =>
  server.call('/v1/ext/login/finish', { body: { ceremonyId, origin: shop.origin, response } });
const verifyAt = (server: SecurityServer, token: string) =>
  server.call(`/v1/sites/${shop.siteId}/login-tokens/verify`, { body: { token }, headers: { authorization: `Bearer ${shop.secret}` } });

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two servers on one database', () => {
  it('a login started on A finishes on B; the same answer works nowhere twice, and its token redeems once across both', async () => {
    const ceremony = await a.loginOptions(shop, 'alice', device('alice'));
    const response = alice.get(ceremony.options, shop.origin);
    const finished = await finishAt(b, ceremony.ceremonyId, response);
    expect(finished.status).toBe(200);
    for (const server of [a, b]) {
      expect(await finishAt(server, ceremony.ceremonyId, response)).toMatchObject({
        status: 400,
        json: { error: { code: 'ceremony_invalid' } },
      });
    }
    const { token } = loginFinishReplySchema.parse(finished.json);
    expect((await verifyAt(a, token)).status).toBe(200);
    expect(await verifyAt(b, token)).toMatchObject({ status: 409, json: { error: { code: 'token_used' } } });
  });

  it('one challenge finished on both servers at the same moment: exactly one login', async () => {
    const ceremony = await b.loginOptions(shop, 'alice', device('alice'));
    const response = alice.get(ceremony.options, shop.origin);
    const replies = await Promise.all([a, b, a, b].map((server) => finishAt(server, ceremony.ceremonyId, response)));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 400, 400, 400]);
  });

  it('an append grant minted through A is taken on B, once', async () => {
    const grant = await a.mintGrant(shop, 'u-2', 'bob');
    const start = (server: SecurityServer) =>
      server.call('/v1/ext/append/start', {
        body: { siteId: shop.siteId, origin: shop.origin, grant, client: clientSignals(device('bob')) },
      });
    expect((await start(b)).status).toBe(200);
    expect(await start(a)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });

  it('rate limits count requests on both servers together', async () => {
    const ask = (server: SecurityServer) =>
      server.call('/v1/ext/login/start', {
        body: { siteId: shop.siteId, origin: shop.origin, username: 'mallory', client: clientSignals() },
      });
    const statuses: number[] = [];
    for (const server of [a, b, a, b, a, b]) statuses.push((await ask(server)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('both publish the same key set, and a key rotated in through the database reaches both before it signs; the old one stays until its tokens expired', async () => {
    const jwks = async (server: SecurityServer) =>
      ((await server.call('/.well-known/jwks.json')).json as { keys: { kid: string }[] }).keys.map((key) => key.kid);
    const before = await jwks(a);
    expect(before).toHaveLength(1);
    expect(await jwks(b)).toEqual(before);
    const operator = await PgStore.open(databaseUrl);
    const newKid = await (await KeyRing.open(operator, clock, LOGIN_TOKEN_TTL_S * 1000)).rotate();
    await operator.close();
    clock.advance(KEY_REFRESH_MS + 1);
    for (const server of [a, b])
      await waitFor('the new key in the key set', async () => ((await jwks(server)).includes(newKid) ? true : undefined));
    // Not signing yet: a partner that fetched the key set a moment ago must know the key first.
    const early = loginFinishReplySchema.parse((await finishAt(b, ...(await loginAnswer(a)))).json).token;
    expect(kidOf(early)).toBe(before[0]);
    clock.advance(PUBLISH_AHEAD_MS);
    const late = loginFinishReplySchema.parse((await finishAt(b, ...(await loginAnswer(a)))).json).token;
    expect(kidOf(late)).toBe(newKid);
    expect((await verifyAt(a, early)).status).toBe(200);
    expect((await verifyAt(a, late)).status).toBe(200);
    // Once the new key has signed for longer than a token lives, the old key goes.
    clock.advance(LOGIN_TOKEN_TTL_S * 1000 + KEY_REFRESH_MS + 1);
    for (const server of [a, b])
      await waitFor('the old key retired', async () => ((await jwks(server)).join() === newKid ? true : undefined));
  });

  it(`a site registered through the database is live on both servers within ${SITE_CACHE_MS} ms`, async () => {
    const operator = await PgStore.open(databaseUrl);
    const { siteId } = await (await import('../../index.ts')).registerSite(operator, {
      name: 'Bank',
      origins: ['http://bank.localhost:4000'],
      loginCallback: 'http://bank.localhost:4000/cb',
    });
    await operator.close();
    const started = Date.now();
    for (const server of [a, b]) {
      await waitFor('the site', async () => {
        const { json } = await server.call('/v1/ext/partners');
        return (json as { partners: { siteId: string }[] }).partners.some((partner) => partner.siteId === siteId) ? true : undefined;
      });
    }
    expect(Date.now() - started).toBeLessThan(SITE_CACHE_MS + 1_000);
  });
});

async function loginAnswer(server: SecurityServer): Promise<[string, unknown]> {
  const ceremony = await server.loginOptions(shop, 'alice', device('alice'));
  return [ceremony.ceremonyId, alice.get(ceremony.options, shop.origin)];
}

function kidOf(token: string): string {
  const [header] = token.split('.');
  return (JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as { kid: string }).kid;
}

describe('the database down while a server runs', () => {
  it('requests that need it get 503 store_unavailable, and the server recovers without a restart when it is back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pkc-pg-down-'));
    const cluster = await startLocalCluster({ dir, throwaway: true });
    const server = await startSecurityServer({ databaseUrl: cluster.url });
    try {
      const site = await server.addSite('shop.localhost');
      const ask = () =>
        server.call('/v1/ext/login/start', {
          body: { siteId: site.siteId, origin: site.origin, username: 'alice', client: clientSignals() },
        });
      expect((await ask()).status).toBe(200);
      expect((await server.call('/readyz')).status).toBe(200);
      await cluster.stop();
      expect(await ask()).toMatchObject({ status: 503, json: { error: { code: 'store_unavailable' } } });
      // Alive, not ready: a load balancer sends its traffic elsewhere.
      expect((await server.call('/healthz')).status).toBe(200);
      expect(await server.call('/readyz')).toMatchObject({ status: 503, json: { error: { code: 'store_unavailable' } } });
      const restarted = await startLocalCluster({ dir, port: cluster.port, throwaway: true });
      await waitFor('recovery', async () => ((await ask()).status === 200 ? true : undefined));
      expect((await server.call('/readyz')).status).toBe(200);
      await server.stop();
      await restarted.stop({ remove: true });
    } catch (error) {
      await server.stop().catch(() => undefined);
      await cluster.stop({ remove: true });
      throw error;
    }
  });
});
