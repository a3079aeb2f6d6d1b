import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginStartReplySchema, siteStatsReplySchema } from '@pkc/shared';
import { device, startSecurityServer, type SecurityServer, type Site } from '../security/harness.ts';
import { LowdbStore } from '../store/lowdbStore.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { dayOf } from './siteCounters.ts';

/* Issue 15: a site's aggregate counters, kept as events happen, and GET /v1/sites/{siteId}/stats. */

let server: SecurityServer;
let shop: Site;
let bank: Site;
const key = new SoftAuthenticator();
let today: string;

beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  bank = await server.addSite('bank.localhost');
  today = dayOf(server.clock.now());
  // One append offered and created; two passkey logins (one succeeds, one fails); a stranger
  // (password, no passkeys: no fallback); an offer skipped.
  await server.register(shop, 'u-1', 'alice', key, device('alice'));
  const ok = await server.loginOptions(shop, 'alice', device('alice'));
  await server.call('/v1/ext/login/finish', {
    body: { ceremonyId: ok.ceremonyId, origin: shop.origin, response: key.get(ok.options, shop.origin) },
  });
  const failing = await server.loginOptions(shop, 'alice', device('alice'));
  await server.call('/v1/ext/login/failure', {
    body: { ceremonyId: failing.ceremonyId, origin: shop.origin, errorName: 'NotAllowedError' },
  });
  const stranger = await server.call('/v1/ext/login/start', {
    body: { siteId: shop.siteId, origin: shop.origin, username: 'nobody', client: clientSignals(device('x')) },
  });
  expect(loginStartReplySchema.parse(stranger.json).decision).toBe('password');
  const offer = await server.offer(shop, 'u-2', 'bob', device('bob'));
  await server.call('/v1/ext/append/decline', { body: { ceremonyId: offer.ceremonyId, origin: shop.origin, choice: 'skip' } });
});
afterAll(() => server.stop());

const stats = (site: Site, query: string, secret = site.secret) =>
  server.call(`/v1/sites/${site.siteId}/stats${query}`, { headers: { authorization: `Bearer ${secret}` } });

describe('site stats', () => {
  it('counts exactly what happened today, by kind; the named totals are always there', async () => {
    const reply = await stats(shop, `?from=${today}&to=${today}`);
    expect(reply.status).toBe(200);
    const body = siteStatsReplySchema.parse(reply.json);
    expect(body.totals).toMatchObject({
      passkeyLoginsSucceeded: 1,
      passkeyLoginsFailed: 1,
      appendOffered: 2,
      appendCreated: 1,
      fallbacksToPassword: 0,
      identifiersSeen: 3,
      passkeyLoginsStarted: 2,
      'decision:passkey': 2,
      'decision:password': 1,
      'reason:no-passkey-yet': 1,
      'loginFailed:NotAllowedError': 1,
      'appendOffered:first-passkey': 2,
      'appendCreated:first-passkey': 1,
      appendSkipped: 1,
    });
    expect(body.days).toEqual([{ day: today, counts: body.totals }]);
  });

  it('one entry per day of the range, zeros where nothing happened; another site sees only its own', async () => {
    const reply = siteStatsReplySchema.parse((await stats(shop, '?from=2026-01-01&to=2026-01-03')).json);
    expect(reply.days.map((day) => day.day)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(reply.totals).toEqual({
      passkeyLoginsSucceeded: 0,
      passkeyLoginsFailed: 0,
      appendOffered: 0,
      appendCreated: 0,
      fallbacksToPassword: 0,
    });
    expect(siteStatsReplySchema.parse((await stats(bank, `?from=${today}&to=${today}`)).json).totals.passkeyLoginsSucceeded).toBe(0);
  });

  it("bad ranges get 400 with a clear message; another site's secret gets nothing", async () => {
    for (const query of [
      '',
      '?from=2026-02-30&to=2026-03-01',
      `?from=${today}`,
      '?from=2026-03-02&to=2026-03-01',
      '?from=2024-01-01&to=2026-01-01',
      '?from=yesterday&to=today',
    ]) {
      expect(await stats(shop, query)).toMatchObject({ status: 400, json: { error: { code: 'bad_request' } } });
    }
    expect((await stats(shop, `?from=${today}&to=${today}`, bank.secret)).status).toBe(401);
  });

  it('counts pending in memory are written when the server stops', async () => {
    const other = await startSecurityServer();
    const site = await other.addSite('shop.localhost');
    await other.call('/v1/ext/login/start', {
      body: { siteId: site.siteId, origin: site.origin, username: 'carol', client: clientSignals() },
    });
    await other.close();
    const reopened = await LowdbStore.open(other.dataFile);
    const day = dayOf(other.clock.now());
    expect((await reopened.readCounters(site.siteId, day, day))[day]).toMatchObject({ identifiersSeen: 1, 'decision:password': 1 });
    await reopened.close();
    await rm(other.dir, { recursive: true, force: true });
  });
});
