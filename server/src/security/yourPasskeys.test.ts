import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passkeyDeleteReplySchema, passkeysReplySchema, passkeysSessionReplySchema } from '@pkc/shared';
import { MANAGE_SESSION_TTL_MS } from '../passkeys/manageSessions.ts';
import { clientSignals } from '../testing/testServer.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { GRANT_TTL_MS } from '../tokens/appendGrants.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * "Your passkeys" in the popup (issue 14, item 4): the server lists and removes a person's
 * passkeys only for a manage session opened with a recent login's append grant (ARCHITECTURE
 * §2: never on the extension's word), one site and one user per session, each session once.
 */
const ICLOUD = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';
const HERE = device('here');
const PHONE = device('phone');

let server: SecurityServer;
let shop: Site;
let bank: Site;
let alicePhoneKey: string;
let aliceHereKey: string;
let bobKey: string;
beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost', 'Shop');
  bank = await server.addSite('bank.localhost', 'Bank');
  alicePhoneKey = await server.register(shop, 'u-alice', 'alice', new SoftAuthenticator({}, { aaguid: ICLOUD }), PHONE);
  aliceHereKey = await server.register(shop, 'u-alice', 'alice', new SoftAuthenticator({ backupEligible: false, backedUp: false }), HERE);
  bobKey = await server.register(shop, 'u-bob', 'bob', new SoftAuthenticator(), HERE);
});
afterAll(() => server.stop());

const appendStart = (site: Site, grant: string) =>
  server.call('/v1/ext/append/start', { body: { siteId: site.siteId, origin: site.origin, grant, client: clientSignals(HERE) } });
const exchange = (site: Site, grant: string, origin = site.origin) =>
  server.call('/v1/ext/passkeys/session', { body: { siteId: site.siteId, origin, grant } });
const list = (site: Site, session: string, origin = site.origin) =>
  server.call('/v1/ext/passkeys/list', { body: { siteId: site.siteId, origin, session, devicePseudonym: HERE } });
const remove = (site: Site, session: string, credentialId: string) =>
  server.call('/v1/ext/passkeys/delete', {
    body: { siteId: site.siteId, origin: site.origin, session, devicePseudonym: HERE, credentialId },
  });

/** What the extension does: the grant goes to append/start, then (at once) for a manage session. */
async function sessionAfterLogin(site: Site, userId: string, username: string): Promise<string> {
  const grant = await server.mintGrant(site, userId, username);
  expect((await appendStart(site, grant)).status).toBe(200);
  const reply = await exchange(site, grant);
  expect(reply.status).toBe(200);
  return passkeysSessionReplySchema.parse(reply.json).session;
}

const invalidSession = { status: 401, json: { error: { code: 'manage_session_invalid' } } };
const stored = async (id: string) => (await server.store.getCredential(id)) !== undefined;

describe('your passkeys: no proof, no passkeys', () => {
  it('refuses a list or a delete without a session, or with a made-up one; nothing is removed', async () => {
    const noSession = await server.call('/v1/ext/passkeys/list', {
      body: { siteId: shop.siteId, origin: shop.origin, devicePseudonym: HERE },
    });
    expect(noSession).toMatchObject({ status: 400, json: { error: { code: 'bad_request' } } });
    const madeUp = `mng_${'A'.repeat(43)}`;
    expect(await list(shop, madeUp)).toMatchObject(invalidSession);
    expect(await remove(shop, madeUp, bobKey)).toMatchObject(invalidSession);
    expect(await stored(bobKey)).toBe(true);
  });

  it('refuses a grant nobody minted, and a grant of another site', async () => {
    expect(await exchange(shop, 'x'.repeat(43))).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
    const bankGrant = await server.mintGrant(bank, 'b-alice', 'alice');
    expect(await exchange(shop, bankGrant)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });
});

describe('your passkeys: a recent login shows its own passkeys', () => {
  it("lists alice's passkeys with provider, dates and this device, and none of bob's", async () => {
    const reply = await list(shop, await sessionAfterLogin(shop, 'u-alice', 'alice'));
    expect(reply.status).toBe(200);
    const { passkeys, username, signal } = passkeysReplySchema.parse(reply.json);
    expect(username).toBe('alice');
    expect(passkeys.map((passkey) => passkey.credentialId).sort()).toEqual([alicePhoneKey, aliceHereKey].sort());
    expect(passkeys.find((passkey) => passkey.credentialId === alicePhoneKey)).toMatchObject({
      provider: 'iCloud Keychain',
      synced: true,
      createdHere: false,
      lastUsedAt: null,
      lastUsedHere: false,
      createdOn: { os: 'linux', browser: 'chromium', mobile: false },
    });
    expect(passkeys.find((passkey) => passkey.credentialId === aliceHereKey)).toMatchObject({
      provider: 'unknown provider',
      synced: false,
      createdHere: true,
    });
    // What the extension tells the provider: the accepted ids and alice's current names.
    expect(signal).toMatchObject({ rpId: 'shop.localhost', name: 'alice', displayName: 'alice' });
    expect(signal?.acceptedCredentialIds.sort()).toEqual([alicePhoneKey, aliceHereKey].sort());
    expect(JSON.stringify(reply.json)).not.toContain(PHONE);
  });

  it('shows where a passkey was last used', async () => {
    const key = new SoftAuthenticator();
    const carolKey = await server.register(shop, 'u-carol', 'carol', key, PHONE);
    const ceremony = await server.loginOptions(shop, 'carol', PHONE);
    const finish = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response: key.get(ceremony.options, shop.origin) },
    });
    expect(finish.status).toBe(200);
    const reply = passkeysReplySchema.parse((await list(shop, await sessionAfterLogin(shop, 'u-carol', 'carol'))).json);
    expect(reply.passkeys).toEqual([
      expect.objectContaining({
        credentialId: carolKey,
        lastUsedAt: expect.any(String),
        lastUsedOn: expect.any(Object),
        lastUsedHere: false,
      }),
    ]);
  });
});

describe('your passkeys: proofs are single use, bound and short-lived', () => {
  it('a grant opens one session: a second exchange of the same grant is refused', async () => {
    const grant = await server.mintGrant(shop, 'u-alice', 'alice');
    expect((await appendStart(shop, grant)).status).toBe(200);
    expect((await exchange(shop, grant)).status).toBe(200);
    expect(await exchange(shop, grant)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });

  it('a grant exchanged before any append is used up for the append too', async () => {
    const grant = await server.mintGrant(shop, 'u-alice', 'alice');
    expect((await exchange(shop, grant)).status).toBe(200);
    expect(await appendStart(shop, grant)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });

  it('a grant presented at another origin is refused and used up', async () => {
    const grant = await server.mintGrant(shop, 'u-alice', 'alice');
    expect((await exchange(shop, grant, bank.origin)).status).toBe(403);
    expect(await exchange(shop, grant)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });

  it('each session works once; its successor works, the used one not', async () => {
    const first = await sessionAfterLogin(shop, 'u-alice', 'alice');
    const second = passkeysReplySchema.parse((await list(shop, first)).json).session;
    expect(await list(shop, first)).toMatchObject(invalidSession);
    expect((await list(shop, second)).status).toBe(200);
    expect(await list(shop, second)).toMatchObject(invalidSession);
  });

  it("alice's session can't remove bob's passkey (not_found, still stored) nor be used at another site", async () => {
    const session = await sessionAfterLogin(shop, 'u-alice', 'alice');
    expect(await remove(shop, session, bobKey)).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    expect(await stored(bobKey)).toBe(true);
    const atBank = await sessionAfterLogin(shop, 'u-alice', 'alice');
    expect(await list(bank, atBank)).toMatchObject(invalidSession);
    expect(await remove(bank, await sessionAfterLogin(shop, 'u-alice', 'alice'), aliceHereKey)).toMatchObject(invalidSession);
    // The site's own id with another site's origin: refused, and the session is spent.
    const wrongOrigin = await sessionAfterLogin(shop, 'u-alice', 'alice');
    expect((await list(shop, wrongOrigin, bank.origin)).status).toBe(403);
    expect(await list(shop, wrongOrigin)).toMatchObject(invalidSession);
    expect(await stored(aliceHereKey)).toBe(true);
  });

  it('a session ends 10 minutes after the login, however often it was renewed', async () => {
    let session = await sessionAfterLogin(shop, 'u-alice', 'alice');
    server.clock.advance(MANAGE_SESSION_TTL_MS - 60_000);
    session = passkeysReplySchema.parse((await list(shop, session)).json).session;
    server.clock.advance(60_000);
    expect(await list(shop, session)).toMatchObject(invalidSession);
  });

  it('a used grant proves the login only while the grant would have lived (5 min)', async () => {
    const grant = await server.mintGrant(shop, 'u-alice', 'alice');
    expect((await appendStart(shop, grant)).status).toBe(200);
    server.clock.advance(GRANT_TTL_MS + 1);
    expect(await exchange(shop, grant)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });
});

describe('your passkeys: delete', () => {
  it('removes the passkey for good: gone from the store and the list, refused at login, no longer accepted', async () => {
    const key = new SoftAuthenticator();
    const daveKey = await server.register(shop, 'u-dave', 'dave', key, HERE);
    const daveOther = await server.register(shop, 'u-dave', 'dave', new SoftAuthenticator({}, { aaguid: ICLOUD }), PHONE);
    const ceremony = await server.loginOptions(shop, 'dave', HERE);

    const reply = await remove(shop, await sessionAfterLogin(shop, 'u-dave', 'dave'), daveKey);
    expect(reply.status).toBe(200);
    const after = passkeyDeleteReplySchema.parse(reply.json);
    expect(after.removed).toBe(daveKey);
    expect(after.passkeys.map((passkey) => passkey.credentialId)).toEqual([daveOther]);
    expect(after.signal?.acceptedCredentialIds).toEqual([daveOther]);
    expect(await stored(daveKey)).toBe(false);
    const login = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response: key.get(ceremony.options, shop.origin) },
    });
    expect(login).toMatchObject({ status: 400, json: { error: { code: 'credential_unknown' } } });
    // Removing it again: not_found (the session that tried is spent; the successor of the delete works).
    expect(await remove(shop, after.session, daveKey)).toMatchObject({ status: 404 });
  });
});

describe('your passkeys: rate limited like the other extension endpoints', () => {
  it('429 rate_limited with Retry-After past the per-IP budget', async () => {
    const limited = await startSecurityServer({
      rateLimits: {
        perIp: { capacity: 2, windowMs: 60_000 },
        perIdentifier: { capacity: 100, windowMs: 60_000 },
        perIdentifierAllIps: { capacity: 100, windowMs: 60_000 },
        maxKeys: 100,
      },
    });
    try {
      const site = await limited.addSite('shop.localhost');
      const body = { siteId: site.siteId, origin: site.origin, session: `mng_${'A'.repeat(43)}`, devicePseudonym: HERE };
      const statuses: number[] = [];
      for (const path of ['/v1/ext/passkeys/list', '/v1/ext/passkeys/delete', '/v1/ext/passkeys/session']) {
        const reply = await limited.call(path, { body });
        statuses.push(reply.status);
        if (reply.status === 429) expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
      }
      expect(statuses).toEqual([401, 400, 429]);
    } finally {
      await limited.stop();
    }
  });
});
