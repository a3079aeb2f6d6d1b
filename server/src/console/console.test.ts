import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  consoleRequestReplySchema,
  consoleSessionReplySchema,
  consoleSiteReplySchema,
  consoleStatsReplySchema,
  inviteCreatedReplySchema,
  siteAuditReplySchema,
  siteCreatedReplySchema,
  type SitePolicyInput,
} from '@pkc/shared';
import { device, startSecurityServer, UNLIMITED, type SecurityServer, type Site } from '../security/harness.ts';
import { dayOf } from '../stats/siteCounters.ts';
import { freshDatabase } from '../testing/postgres.ts';
import { ConsoleClient, inviteOf } from '../testing/consoleClient.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { CONSOLE_SESSION_TTL_MS } from './consoleSessions.ts';
import { mintConsoleInvite } from './invites.ts';

/* Issue 15: the site-owner console's API — passkey sign-in, sessions, CSRF, per-site authorisation, steering, stats. */

const engines = [
  ['lowdb', async () => ({})],
  ['postgres', async () => ({ databaseUrl: await freshDatabase() })],
] as const;

describe.each(engines)('the console on %s', (_engine, storage) => {
  let server: SecurityServer;
  let shop: Site;
  let bank: Site;
  let today: string;

  const tab = (authenticator?: SoftAuthenticator) => new ConsoleClient(server.baseUrl, server.url, authenticator);
  /** What `npm run site -- console-link` prints. */
  const link = (site: Site, minutes?: number) => mintConsoleInvite(server.store, server.clock, server.url, site.siteId, 'cli', minutes);
  const ownerOf = async (site: Site, name: string) => {
    const owner = tab();
    expect((await owner.enrol(name, inviteOf((await link(site)).link))).status).toBe(201);
    return owner;
  };

  beforeEach(async () => {
    server = await startSecurityServer(await storage());
    shop = await server.addSite('shop.localhost', 'Shop');
    bank = await server.addSite('bank.localhost', 'Bank');
    today = dayOf(server.clock.now());
  });
  afterEach(() => server.stop());

  it('a one-time link enrols a passkey for the console and signs in with an HttpOnly SameSite=Strict cookie', async () => {
    const { link: url, expiresAt } = await link(shop);
    expect(url).toMatch(new RegExp(`^${server.url}/console/#/enrol/inv_`));
    expect(Date.parse(expiresAt) - server.clock.now()).toBe(60 * 60_000);
    const alice = tab();
    const check = await alice.call('/v1/console/invites/check', { body: { invite: inviteOf(url) } });
    expect(check.json).toMatchObject({ siteName: 'Shop' });

    const enrolled = await alice.enrol('Alice', inviteOf(url));
    expect(enrolled.status).toBe(201);
    expect(alice.lastSetCookie).toMatch(/^pkc_console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800$/);
    const session = consoleSessionReplySchema.parse((await alice.call('/v1/console/session')).json);
    expect(session.owner.name).toBe('Alice');
    expect(session.sites).toEqual([{ siteId: shop.siteId, name: 'Shop', active: true }]);
    expect(session.selfService).toBe(false);

    // The link is used up; the passkey signs in again later, from a fresh tab.
    expect((await tab().enrol('Mallory', inviteOf(url))).json).toMatchObject({ error: { code: 'invite_invalid' } });
    const later = tab(alice.authenticator);
    expect((await later.signIn()).status).toBe(200);
    expect(consoleSessionReplySchema.parse((await later.call('/v1/console/session')).json).owner.id).toBe(session.owner.id);
  });

  it('wrong, used and expired links and unknown passkeys are refused with clear codes', async () => {
    const stranger = tab();
    const made = `inv_${'A'.repeat(43)}`;
    expect((await stranger.call('/v1/console/invites/check', { body: { invite: made } })).status).toBe(410);
    expect((await stranger.call('/v1/console/invites/check', { body: { invite: 'nonsense' } })).json).toMatchObject({
      error: { code: 'bad_request', field: 'invite' },
    });
    const short = await link(shop, 5);
    server.clock.advance(5 * 60_000 + 1);
    expect((await stranger.call('/v1/console/invites/check', { body: { invite: inviteOf(short.link) } })).json).toMatchObject({
      error: { code: 'invite_invalid' },
    });
    expect((await stranger.enrol('Eve', inviteOf(short.link))).status).toBe(410);
    // A passkey that never enrolled (or another RP's) signs no one in.
    const outsider = tab();
    outsider.authenticator.create(
      {
        challenge: 'AAAA',
        rp: { id: new URL(server.url).hostname, name: 'x' },
        user: { id: 'AAAA', name: 'eve', displayName: 'eve' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      },
      server.url,
    );
    expect((await outsider.signIn()).json).toMatchObject({ error: { code: 'verification_failed' } });
    expect((await outsider.call('/v1/console/session')).json).toMatchObject({ error: { code: 'console_session_required' } });
  });

  it('an owner of one site sees and steers nothing of another', async () => {
    const alice = await ownerOf(shop, 'Alice');
    await ownerOf(bank, 'Bob');
    for (const [method, path, body] of [
      ['GET', '', undefined],
      ['GET', `/stats?from=${today}&to=${today}`, undefined],
      ['GET', `/stats.csv?from=${today}&to=${today}`, undefined],
      ['GET', '/audit', undefined],
      ['PUT', '/policy', { paused: true }],
      ['PUT', '/settings', { origins: [bank.origin], loginCallback: `${bank.origin}/cb` }],
      ['POST', '/rotate-secret', {}],
      ['POST', '/invites', {}],
      ['POST', '/verify', {}],
    ] as const) {
      const reply = await alice.call(`/v1/console/sites/${bank.siteId}${path}`, { method, ...(body ? { body } : {}) });
      expect([method, path, reply.status, reply.json]).toEqual([
        method,
        path,
        404,
        expect.objectContaining({ error: expect.objectContaining({ code: 'not_found' }) }),
      ]);
    }
    // Nothing changed at the bank, its secret still works, and nobody new owns it.
    const bankNow = await server.store.getSite(bank.siteId);
    expect(bankNow?.policy).toBeUndefined();
    expect(bankNow?.previousSecret).toBeUndefined();
    expect((await server.store.listConsoleOwners(bank.siteId)).map((owner) => owner.name)).toEqual(['Bob']);
    expect((await server.store.listAudit(bank.siteId, 10)).map((entry) => entry.action)).toEqual([
      'owner-added',
      'owner-invited',
      'site-added',
    ]);
  });

  it('every change needs the session and its CSRF token, from the console origin; the session ends', async () => {
    const alice = await ownerOf(shop, 'Alice');
    const policy = (init: { csrf?: boolean; headers?: Record<string, string> }) =>
      alice.call(`/v1/console/sites/${shop.siteId}/policy`, { method: 'PUT', body: { paused: true }, ...init });
    expect((await policy({ csrf: false })).json).toMatchObject({ error: { code: 'csrf_failed' } });
    expect((await policy({ headers: { 'x-console-csrf': 'forged-token-forged-token' } })).status).toBe(403);
    expect((await policy({ headers: { origin: 'http://evil.localhost' } })).json).toMatchObject({ error: { code: 'csrf_failed' } });
    expect((await server.store.getSite(shop.siteId))?.policy).toBeUndefined();
    expect((await policy({})).status).toBe(200);
    expect((await server.store.getSite(shop.siteId))?.policy).toEqual({ paused: true });

    server.clock.advance(CONSOLE_SESSION_TTL_MS + 1);
    expect((await alice.call(`/v1/console/sites/${shop.siteId}`)).json).toMatchObject({ error: { code: 'console_session_required' } });
    expect((await alice.signIn()).status).toBe(200);
    expect((await alice.call('/v1/console/signout', { body: {} })).status).toBe(200);
    expect(alice.cookie).toBeUndefined();
    expect((await alice.call('/v1/console/session')).status).toBe(401);
  });

  it('steering from the console: policy (pause, rollout), settings, secret rotation with overlap — each in the audit list', async () => {
    const alice = await ownerOf(shop, 'Alice');
    const site = `/v1/console/sites/${shop.siteId}`;
    const policy: SitePolicyInput = {
      failureThreshold: 3,
      skipBackoff: { skips: 2, days: 14 },
      paused: true,
      rollout: { percent: 25, loginPlatforms: [{ os: 'macos', mobile: false }], appendPlatforms: [{ os: 'ios', mobile: true }] },
    };
    const saved = await alice.call(`${site}/policy`, { method: 'PUT', body: policy });
    expect(consoleSiteReplySchema.parse(saved.json).policy).toEqual(policy);
    // Paused: the extension is told to stay out of the way at once.
    const start = await server.call('/v1/ext/login/start', {
      body: { siteId: shop.siteId, origin: shop.origin, username: 'alice', client: clientSignals(device('a')) },
    });
    expect(start.json).toMatchObject({ decision: 'password' });

    const badPolicy = await alice.call(`${site}/policy`, { method: 'PUT', body: { rollout: { percent: 140 } } });
    expect(badPolicy.json).toMatchObject({ error: { code: 'bad_request', field: 'rollout.percent' } });
    const outside = await alice.call(`${site}/settings`, {
      method: 'PUT',
      body: { origins: ['https://elsewhere.example'], loginCallback: `${shop.origin}/cb` },
    });
    expect(outside.json).toMatchObject({ error: { code: 'bad_request', field: 'origins' } });
    const badCallback = await alice.call(`${site}/settings`, {
      method: 'PUT',
      body: { origins: [shop.origin], loginCallback: 'javascript:alert(1)' },
    });
    expect(badCallback.json).toMatchObject({ error: { code: 'bad_request', field: 'loginCallback' } });
    const moved = await alice.call(`${site}/settings`, {
      method: 'PUT',
      body: { origins: [shop.origin, 'https://www.shop.localhost'], loginCallback: `${shop.origin}/passkey` },
    });
    // The new origin waits for its proof (the extension doesn't act there yet); the callback moved at once.
    expect(consoleSiteReplySchema.parse(moved.json)).toMatchObject({
      origins: [shop.origin],
      pendingOrigins: ['https://www.shop.localhost'],
      originProof: { siteId: shop.siteId },
      loginCallback: `${shop.origin}/passkey`,
    });
    const onlyNew = await alice.call(`${site}/settings`, {
      method: 'PUT',
      body: { origins: ['https://www.shop.localhost'], loginCallback: `${shop.origin}/passkey` },
    });
    expect(onlyNew.json).toMatchObject({ error: { code: 'bad_request', field: 'origins' } });

    const rotated = siteCreatedReplySchema.parse((await alice.call(`${site}/rotate-secret`, { body: { overlapMinutes: 10 } })).json);
    const withSecret = (secret: string) =>
      server.call(`/v1/sites/${shop.siteId}/audit`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await withSecret(rotated.secret)).status).toBe(200);
    expect((await withSecret(shop.secret)).status).toBe(200);
    expect(consoleSiteReplySchema.parse((await alice.call(site)).json).previousSecretUntil).toBeDefined();
    server.clock.advance(10 * 60_000 + 1);
    expect((await withSecret(shop.secret)).status).toBe(401);

    const audit = siteAuditReplySchema.parse((await alice.call(`${site}/audit`)).json).entries;
    expect(audit.map((entry) => entry.action)).toEqual([
      'secret-rotated',
      'settings-changed',
      'policy-changed',
      'owner-added',
      'owner-invited',
      'site-added',
    ]);
    const [rotation, settings, policyChange] = audit;
    expect(rotation?.actor).toMatch(/^console:Alice \(own_/);
    expect(settings?.detail).toContain('https://www.shop.localhost');
    expect(JSON.parse(policyChange?.detail ?? '')).toEqual(policy);
    expect(JSON.stringify(audit)).not.toContain(rotated.secret);
  });

  it('more owners by links minted in the console; a signed-in owner adds a site with a link', async () => {
    const alice = await ownerOf(shop, 'Alice');
    const minted = inviteCreatedReplySchema.parse((await alice.call(`/v1/console/sites/${shop.siteId}/invites`, { body: {} })).json);
    const carol = tab();
    server.clock.advance(1000); // owners are listed in the order they joined
    expect((await carol.enrol('Carol', inviteOf(minted.link))).status).toBe(201);
    const view = consoleSiteReplySchema.parse((await alice.call(`/v1/console/sites/${shop.siteId}`)).json);
    expect(view.owners.map((owner) => owner.name)).toEqual(['Alice', 'Carol']);

    const bankLink = await link(bank);
    const accepted = await alice.call('/v1/console/invites/accept', { body: { invite: inviteOf(bankLink.link) } });
    expect(consoleSessionReplySchema.parse(accepted.json).sites.map((site) => site.name)).toEqual(['Shop', 'Bank']);
    expect((await alice.call('/v1/console/invites/accept', { body: { invite: inviteOf(bankLink.link) } })).status).toBe(410);
    expect((await carol.call(`/v1/console/sites/${bank.siteId}`)).status).toBe(404);
  });

  it('stats: exactly the counts of real flows, the credentials by provider and platform, and CSV', async () => {
    const alice = await ownerOf(shop, 'Alice');
    const key = new SoftAuthenticator(
      {},
      { aaguid: 'bada5566-a7aa-401f-bd96-45619a55120d', transports: ['internal', 'hybrid'], attachment: 'platform' },
    );
    await server.register(shop, 'u-1', 'alice', key, device('alice')); // a password login (grant) → offer → created
    const ok = await server.loginOptions(shop, 'alice', device('alice'));
    await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: ok.ceremonyId, origin: shop.origin, response: key.get(ok.options, shop.origin) },
    });
    const failing = await server.loginOptions(shop, 'alice', device('alice'));
    await server.call('/v1/ext/login/failure', {
      body: { ceremonyId: failing.ceremonyId, origin: shop.origin, errorName: 'NotAllowedError' },
    });
    const offer = await server.offer(shop, 'u-2', 'bob', device('bob'));
    await server.call('/v1/ext/append/decline', { body: { ceremonyId: offer.ceremonyId, origin: shop.origin, choice: 'never' } });

    const reply = await alice.call(`/v1/console/sites/${shop.siteId}/stats?from=${today}&to=${today}`);
    const stats = consoleStatsReplySchema.parse(reply.json);
    expect(stats.totals).toMatchObject({
      passkeyLoginsSucceeded: 1,
      passkeyLoginsFailed: 1,
      appendOffered: 2,
      appendCreated: 1,
      fallbacksToPassword: 0,
      passwordLogins: 2,
      'appendOffered:first-passkey': 2,
      'appendCreated:first-passkey': 1,
      appendNever: 1,
      'appendNever:first-passkey': 1,
      'loginFailed:NotAllowedError': 1,
    });
    expect(stats.credentials).toEqual({
      usersWithPasskeys: 1,
      passkeys: 1,
      byProvider: [{ name: '1Password', count: 1 }],
      byPlatform: [{ name: 'Linux desktop', count: 1 }],
    });

    const csv = await alice.call(`/v1/console/sites/${shop.siteId}/stats.csv?from=${today}&to=${today}`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain(`passkey-stats-${shop.siteId}-${today}-${today}.csv`);
    const [header, row, total] = String(csv.json)
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(header?.slice(0, 6)).toEqual([
      'day',
      'passkeyLoginsSucceeded',
      'passkeyLoginsFailed',
      'appendOffered',
      'appendCreated',
      'fallbacksToPassword',
    ]);
    expect(row?.[0]).toBe(today);
    expect(row?.slice(1, 6)).toEqual(['1', '1', '2', '1', '0']);
    expect(total?.[0]).toBe('total');
    expect(row?.[header?.indexOf('passwordLogins') ?? -1]).toBe('2');
    const badRange = await alice.call(`/v1/console/sites/${shop.siteId}/stats?from=${today}&to=2020-01-01`);
    expect(badRange.json).toMatchObject({ error: { code: 'bad_request', field: 'from' } });
  });

  it('owners take each other off a site (access ends at once); the last owner stays', async () => {
    const alice = await ownerOf(shop, 'Alice');
    server.clock.advance(1000);
    const carol = await ownerOf(shop, 'Carol');
    const aliceId = consoleSessionReplySchema.parse((await alice.call('/v1/console/session')).json).owner.id;
    const carolId = consoleSessionReplySchema.parse((await carol.call('/v1/console/session')).json).owner.id;
    const removeAlice = await carol.call(`/v1/console/sites/${shop.siteId}/owners/${aliceId}`, { method: 'DELETE' });
    expect(consoleSiteReplySchema.parse(removeAlice.json).owners.map((owner) => owner.name)).toEqual(['Carol']);
    expect((await alice.call(`/v1/console/sites/${shop.siteId}`)).status).toBe(404);
    expect((await alice.call(`/v1/console/sites/${shop.siteId}/policy`, { method: 'PUT', body: { paused: true } })).status).toBe(404);
    expect(consoleSessionReplySchema.parse((await alice.call('/v1/console/session')).json).sites).toEqual([]);
    const last = await carol.call(`/v1/console/sites/${shop.siteId}/owners/${carolId}`, { method: 'DELETE' });
    expect(last.json).toMatchObject({ error: { code: 'bad_request' } });
    expect((await carol.call(`/v1/console/sites/${shop.siteId}/owners/${aliceId}`, { method: 'DELETE' })).status).toBe(404);
    const [removal] = await server.store.listAudit(shop.siteId, 1);
    expect([removal?.action, removal?.actor.startsWith('console:Carol'), removal?.detail]).toEqual(['owner-removed', true, 'Alice']);
  });

  it('at most 20 unused links per site: minting can neither bloat the store nor flush the audit list', async () => {
    const alice = await ownerOf(shop, 'Alice');
    for (let i = 0; i < 20; i += 1) expect((await alice.call(`/v1/console/sites/${shop.siteId}/invites`, { body: {} })).status).toBe(201);
    const refused = await alice.call(`/v1/console/sites/${shop.siteId}/invites`, { body: {} });
    expect(refused.json).toMatchObject({ error: { code: 'rate_limited' } });
    server.clock.advance(60 * 60_000 + 1);
    expect((await alice.call(`/v1/console/sites/${shop.siteId}/invites`, { body: {} })).status).toBe(201);
  });

  it("the login callback stays on the site: tokens can't be sent elsewhere", async () => {
    const alice = await ownerOf(shop, 'Alice');
    const moved = await alice.call(`/v1/console/sites/${shop.siteId}/settings`, {
      method: 'PUT',
      body: { origins: [shop.origin], loginCallback: 'https://evil.example/steal' },
    });
    expect(moved.json).toMatchObject({ error: { code: 'bad_request', field: 'loginCallback' } });
    expect((await server.store.getSite(shop.siteId))?.loginCallback).toBe(`${shop.origin}/cb`);
  });

  it('names with control characters are refused next to the field, on every engine', async () => {
    const refused = await tab().enrol('Mal\u0000lory', inviteOf((await link(shop)).link));
    expect(refused.json).toMatchObject({ error: { code: 'bad_request', field: 'name' } });
  });

  it('a passkey of another RP, or an assertion without its user handle, signs no one in; a cancelled enrolment leaves the link usable', async () => {
    const { link: url } = await link(shop);
    const alice = tab();
    // The first prompt is cancelled: options asked, nothing finished.
    expect((await alice.call('/v1/console/enrol/options', { body: { name: 'Alice', invite: inviteOf(url) } })).status).toBe(200);
    expect((await alice.enrol('Alice', inviteOf(url))).status).toBe(201);

    const started = await tab(alice.authenticator).call('/v1/console/signin/options', { body: {} });
    const { ceremonyId, options } = consoleRequestReplySchema.parse(started.json);
    const response = alice.authenticator.get(options, server.url);
    const { userHandle: _dropped, ...withoutHandle } = response.response;
    const noHandle = await tab().call('/v1/console/signin/finish', {
      body: { ceremonyId, response: { ...response, response: withoutHandle } },
    });
    expect(noHandle.json).toMatchObject({ error: { code: 'verification_failed' } });

    // A passkey made for a partner site's RP ID, presented to the console.
    const key = new SoftAuthenticator();
    await server.register(shop, 'u-9', 'zed', key, device('zed'));
    const other = tab(key);
    const otherStart = consoleRequestReplySchema.parse((await other.call('/v1/console/signin/options', { body: {} })).json);
    const [partnerPasskey] = key.credentials.keys();
    const forged = key.get({ ...otherStart.options, rpId: 'shop.localhost' }, server.url, { credentialId: partnerPasskey ?? '' });
    const refused = await other.call('/v1/console/signin/finish', { body: { ceremonyId: otherStart.ceremonyId, response: forged } });
    expect(refused.json).toMatchObject({ error: { code: 'verification_failed' } });
  });

  it('self-service registration is off by default', async () => {
    const visitor = tab();
    expect((await visitor.call('/v1/console/info')).json).toEqual({ selfService: false });
    expect((await visitor.enrol('Eve')).json).toMatchObject({ error: { code: 'self_service_off' } });
    const alice = await ownerOf(shop, 'Alice');
    const registered = await alice.call('/v1/console/sites', {
      body: { name: 'Mine', origins: ['http://mine.localhost:4000'], loginCallback: 'http://mine.localhost:4000/cb' },
    });
    expect(registered.json).toMatchObject({ error: { code: 'self_service_off' } });
    expect((await server.store.listSites()).length).toBe(2);
  });
});

describe('the console with self-service registration on', () => {
  let server: SecurityServer;
  let served: unknown;
  beforeEach(async () => {
    server = await startSecurityServer({ consoleSelfService: true, fetchOriginProof: async () => served });
  });
  afterEach(() => server.stop());

  it('an owner without a site registers one; it stays inactive until each origin serves its proof', async () => {
    const eve = new ConsoleClient(server.baseUrl, server.url);
    expect((await eve.enrol('Eve')).status).toBe(201);
    const bad = await eve.call('/v1/console/sites', { body: { name: 'Mine', origins: ['ftp://mine'], loginCallback: 'x' } });
    expect(bad.json).toMatchObject({ error: { code: 'bad_request', field: 'origins.0' } });
    const created = siteCreatedReplySchema.parse(
      (
        await eve.call('/v1/console/sites', {
          body: { name: 'Mine', origins: ['http://mine.localhost:4000'], loginCallback: 'http://mine.localhost:4000/cb' },
        })
      ).json,
    );
    expect(created.originProof).toBeDefined();
    const partners = async () =>
      ((await server.call('/v1/ext/partners', {})).json as { partners: { siteId: string; origins: string[] }[] }).partners;
    expect((await partners()).map((partner) => partner.siteId)).not.toContain(created.siteId);

    served = { siteId: created.siteId, token: 'x'.repeat(32) };
    const refused = await eve.call(`/v1/console/sites/${created.siteId}/verify`, { body: {} });
    expect(refused.json).toMatchObject({ error: { code: 'origin_unverified' } });
    served = created.originProof;
    const verified = consoleSiteReplySchema.parse((await eve.call(`/v1/console/sites/${created.siteId}/verify`, { body: {} })).json);
    expect(verified.active).toBe(true);
    expect((await partners()).map((partner) => partner.siteId)).toContain(created.siteId);
    const audit = await server.store.listAudit(created.siteId, 10);
    expect(audit.map((entry) => [entry.action, entry.actor.startsWith('console:Eve')])).toEqual([
      ['origins-verified', true],
      ['site-added', true],
    ]);

    // An origin added to the live site joins only once it serves the proof too.
    const settings = `/v1/console/sites/${created.siteId}/settings`;
    const added = consoleSiteReplySchema.parse(
      (
        await eve.call(settings, {
          method: 'PUT',
          body: {
            origins: ['http://mine.localhost:4000', 'http://shop.mine.localhost:4000'],
            loginCallback: 'http://mine.localhost:4000/cb',
          },
        })
      ).json,
    );
    expect(added).toMatchObject({
      active: true,
      origins: ['http://mine.localhost:4000'],
      pendingOrigins: ['http://shop.mine.localhost:4000'],
    });
    const partnerOrigins = async () => (await partners()).find((partner) => partner.siteId === created.siteId)?.origins;
    expect(await partnerOrigins()).toEqual(['http://mine.localhost:4000']);
    const startAt = (origin: string) =>
      server.call('/v1/ext/login/start', { body: { siteId: created.siteId, origin, username: 'alice', client: clientSignals() } });
    expect((await startAt('http://shop.mine.localhost:4000')).json).toMatchObject({ error: { code: 'origin_not_allowed' } });
    served = created.originProof; // the old token: not this wait's
    expect((await eve.call(`/v1/console/sites/${created.siteId}/verify`, { body: {} })).json).toMatchObject({
      error: { code: 'origin_unverified' },
    });
    served = added.originProof;
    const joined = consoleSiteReplySchema.parse((await eve.call(`/v1/console/sites/${created.siteId}/verify`, { body: {} })).json);
    expect(joined).toMatchObject({ origins: ['http://mine.localhost:4000', 'http://shop.mine.localhost:4000'] });
    expect(joined.pendingOrigins).toBeUndefined();
    expect(await partnerOrigins()).toEqual(['http://mine.localhost:4000', 'http://shop.mine.localhost:4000']);
    expect((await startAt('http://shop.mine.localhost:4000')).status).toBe(200);
  });
});

describe('the console away from loopback (https)', () => {
  let server: SecurityServer;
  let target: Server;
  let reached = 0;
  beforeEach(async () => {
    server = await startSecurityServer({ consoleSelfService: true, publicUrl: 'https://console.example' });
    target = createServer((_req, res) => {
      reached += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    await server.stop();
    await new Promise<void>((resolve) => target.close(() => resolve()));
  });

  it('the session cookie is __Host- and Secure; two cookies of that name are no session', async () => {
    const eve = new ConsoleClient(server.baseUrl, server.url);
    expect((await eve.enrol('Eve')).status).toBe(201);
    expect(eve.lastSetCookie).toMatch(/^__Host-pkc_console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800; Secure$/);
    expect((await eve.call('/v1/console/session')).status).toBe(200);
    const planted = await eve.call('/v1/console/session', {
      headers: { cookie: `__Host-pkc_console=${eve.cookie}; __Host-pkc_console=${'A'.repeat(43)}` },
    });
    expect(planted.json).toMatchObject({ error: { code: 'console_session_required' } });
  });

  it("a self-service site's origins are fetched from public addresses only: the server's own network is out of reach", async () => {
    const eve = new ConsoleClient(server.baseUrl, server.url);
    await eve.enrol('Eve');
    const { port } = target.address() as AddressInfo;
    for (const origin of [`http://127.0.0.1:${port}`, `http://books.localhost:${port}`]) {
      const created = await eve.call('/v1/console/sites', { body: { name: 'Probe', origins: [origin], loginCallback: `${origin}/cb` } });
      const { siteId } = siteCreatedReplySchema.parse(created.json);
      const verify = await eve.call(`/v1/console/sites/${siteId}/verify`, { body: {} });
      expect(verify.json).toMatchObject({ error: { code: 'origin_unverified', message: expect.stringContaining('not a public address') } });
    }
    expect(reached).toBe(0);
  });
});

describe('console sign-in under a flood', () => {
  it('sign-in and enrolment share the per-IP rate limit (429 rate_limited)', async () => {
    const server = await startSecurityServer({
      rateLimits: { ...UNLIMITED, perIp: { capacity: 3, windowMs: 60_000 } },
    });
    try {
      const visitor = new ConsoleClient(server.baseUrl, server.url);
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await visitor.call('/v1/console/signin/options', { body: {} })).status);
      const limited = await visitor.call('/v1/console/enrol/options', { body: { name: 'Eve', invite: `inv_${'B'.repeat(43)}` } });
      expect(statuses).toEqual([200, 200, 200]);
      expect(limited.json).toMatchObject({ error: { code: 'rate_limited' } });
      expect(limited.headers.get('retry-after')).not.toBeNull();
    } finally {
      await server.stop();
    }
  });
});

describe('the console page', () => {
  let server: SecurityServer;
  beforeEach(async () => {
    server = await startSecurityServer();
  });
  afterEach(() => server.stop());

  it('is served with a strict CSP, from /console/ (and /console redirects there)', async () => {
    const page = await fetch(`${server.baseUrl}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<script type="module" src="/console/assets/console.js"></script>');
    const script = await fetch(`${server.baseUrl}/console/assets/console.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    const bare = await fetch(`${server.baseUrl}/console`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/console/']);
    expect((await fetch(`${server.baseUrl}/console/assets/nothing.js`)).status).toBe(404);
  });
});
