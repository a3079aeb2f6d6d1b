import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsRemovedReplySchema, loginFinishReplySchema, siteCredentialsReplySchema, tokenVerifyReplySchema } from '@pkc/shared';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Security review round 2, finding 5: a stolen grant became a permanent passkey that nobody
 * could see or revoke. Sites now list and remove a user's passkeys, and learn when a passkey
 * signs in for the first time.
 */
let server: SecurityServer;
let shop: Site;
let bank: Site;
const phone = new SoftAuthenticator();
const laptop = new SoftAuthenticator();
let phoneId = '';
let laptopId = '';
beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  bank = await server.addSite('bank.localhost');
  phoneId = await server.register(shop, 'u-alice', 'alice', phone, device('phone'));
  laptopId = await server.register(shop, 'u-alice', 'alice', laptop, device('laptop'));
});
afterAll(() => server.stop());

const asSite = (site: Site, secret = site.secret) => ({ authorization: `Bearer ${secret}` });
const credentialsPath = (userId: string, site = shop) => `/v1/sites/${site.siteId}/users/${userId}/credentials`;

async function login(key: SoftAuthenticator, on: string) {
  const { ceremonyId, options } = await server.loginOptions(shop, 'alice', on);
  const finish = await server.call('/v1/ext/login/finish', {
    body: { ceremonyId, origin: shop.origin, response: key.get(options, shop.origin) },
  });
  return finish;
}

describe("a site sees and removes its users' passkeys", () => {
  it("lists them, with where and when each was made; only with that site's secret", async () => {
    const { status, json } = await server.call(credentialsPath('u-alice'), { headers: asSite(shop) });
    expect(status).toBe(200);
    const { credentials } = siteCredentialsReplySchema.parse(json);
    expect(credentials.map((credential) => credential.credentialId).sort()).toEqual([phoneId, laptopId].sort());
    expect(credentials[0]).toMatchObject({
      lastUsedAt: null,
      synced: true,
      createdOn: { os: 'linux', browser: 'chromium', mobile: false },
    });
    expect((await server.call(credentialsPath('u-alice'), { headers: asSite(shop, bank.secret) })).status).toBe(401);
    expect(
      siteCredentialsReplySchema.parse((await server.call(credentialsPath('u-alice', bank), { headers: asSite(bank) })).json).credentials,
    ).toEqual([]);
  });

  it('tells the site when a passkey signs in for the first time (newPasskey), and not after', async () => {
    for (const expected of [true, false]) {
      const finish = await login(laptop, device('laptop'));
      const { token } = loginFinishReplySchema.parse(finish.json);
      const verified = await server.call(`/v1/sites/${shop.siteId}/login-tokens/verify`, { body: { token }, headers: asSite(shop) });
      expect(tokenVerifyReplySchema.parse(verified.json).newPasskey).toBe(expected);
    }
  });

  it("removes one passkey: it no longer signs in; an id that isn't that user's is a 404", async () => {
    expect(await server.call(`${credentialsPath('u-bob')}/${phoneId}`, { method: 'DELETE', headers: asSite(shop) })).toMatchObject({
      status: 404,
      json: { error: { code: 'not_found' } },
    });
    const removed = await server.call(`${credentialsPath('u-alice')}/${phoneId}`, { method: 'DELETE', headers: asSite(shop) });
    expect(credentialsRemovedReplySchema.parse(removed.json)).toEqual({ removed: 1 });
    expect(await server.store.getCredential(phoneId)).toBeUndefined();
    expect(await server.call(`${credentialsPath('u-alice')}/${phoneId}`, { method: 'DELETE', headers: asSite(shop) })).toMatchObject({
      status: 404,
    });
  });

  it('removes all of a user\'s passkeys ("reset password", "sign out everywhere"): the next login is a password one', async () => {
    const removed = await server.call(credentialsPath('u-alice'), { method: 'DELETE', headers: asSite(shop) });
    expect(credentialsRemovedReplySchema.parse(removed.json)).toEqual({ removed: 1 });
    const { json } = await server.call('/v1/ext/login/start', {
      body: {
        siteId: shop.siteId,
        origin: shop.origin,
        username: 'alice',
        client: {
          os: 'linux',
          browser: 'chromium',
          mobile: false,
          platformAuthenticator: true,
          capabilities: {},
          devicePseudonym: device('laptop'),
        },
      },
    });
    expect(json).toMatchObject({ decision: 'password' });
  });

  it('a user id or credential id that is no such thing is a 400', async () => {
    expect((await server.call(`${credentialsPath('x'.repeat(200))}`, { headers: asSite(shop) })).status).toBe(400);
    expect((await server.call(`${credentialsPath('u-alice')}/not*an*id`, { method: 'DELETE', headers: asSite(shop) })).status).toBe(400);
  });
});
