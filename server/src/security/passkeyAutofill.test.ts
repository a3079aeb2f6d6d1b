import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginConditionalReplySchema, loginFinishReplySchema, loginTokenClaimsSchema } from '@pkc/shared';
import { decodeJwt } from 'jose';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Issue 14, passkey autofill (conditional UI): options with no username, the chosen passkey
 * names the account — only a passkey of this site, whose user handle is its owner's.
 */

let server: SecurityServer;
let shop: Site;
let bank: Site;
const alice = new SoftAuthenticator();
const bankKey = new SoftAuthenticator();

beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  bank = await server.addSite('bank.localhost');
  await server.register(shop, 'u-alice', 'alice', alice, device('alice'));
  await server.register(bank, 'b-alice', 'alice', bankKey, device('alice'));
});
afterAll(() => server.stop());

async function autofillOptions(site: Site) {
  const reply = await server.call('/v1/ext/login/conditional', {
    body: { siteId: site.siteId, origin: site.origin, client: clientSignals(device('anyone')) },
  });
  expect(reply.status).toBe(200);
  return loginConditionalReplySchema.parse(reply.json);
}
const finish = (site: Site, ceremonyId: string, response: unknown) =>
  server.call('/v1/ext/login/finish', { body: { ceremonyId, origin: site.origin, response } });

describe('passkey autofill', () => {
  it('options name no one: no username, no allowCredentials, the same for every caller', async () => {
    const { ceremony, siteName } = await autofillOptions(shop);
    expect(siteName).toBe('shop.localhost');
    expect(ceremony.options.allowCredentials ?? []).toEqual([]);
    expect(JSON.stringify(ceremony)).not.toContain('alice');
  });

  it('the chosen passkey signs its owner in: the token names alice', async () => {
    const { ceremony } = await autofillOptions(shop);
    const reply = await finish(shop, ceremony.ceremonyId, alice.get(ceremony.options, shop.origin));
    expect(reply.status).toBe(200);
    const claims = loginTokenClaimsSchema.parse(decodeJwt(loginFinishReplySchema.parse(reply.json).token));
    expect(claims).toMatchObject({ sub: 'u-alice', username: 'alice', aud: shop.siteId });
    expect((await server.store.listEvents(shop.siteId, 'u-alice')).at(-1)?.type).toBe('login-success');
  });

  it("another site's passkey is refused, and the ceremony is spent", async () => {
    const { ceremony } = await autofillOptions(shop);
    const fromBank = bankKey.get({ ...ceremony.options, rpId: 'bank.localhost' }, shop.origin);
    expect(await finish(shop, ceremony.ceremonyId, fromBank)).toMatchObject({
      status: 400,
      json: { error: { code: 'credential_unknown' } },
    });
    expect(await finish(shop, ceremony.ceremonyId, alice.get(ceremony.options, shop.origin))).toMatchObject({
      status: 400,
      json: { error: { code: 'ceremony_invalid' } },
    });
  });

  it("a user handle that isn't the passkey owner's is refused", async () => {
    const { ceremony } = await autofillOptions(shop);
    const response = alice.get(ceremony.options, shop.origin);
    const forged = { ...response, response: { ...response.response, userHandle: 'c29tZW9uZS1lbHNl' } };
    expect(await finish(shop, ceremony.ceremonyId, forged)).toMatchObject({
      status: 400,
      json: { error: { code: 'verification_failed' } },
    });
  });

  it('an autofill request that ended (aborted) records nothing for anyone', async () => {
    const before = (await server.store.listEvents(shop.siteId, 'u-alice')).length;
    const { ceremony } = await autofillOptions(shop);
    const reported = await server.call('/v1/ext/login/failure', {
      body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, errorName: 'AbortError' },
    });
    expect(reported.json).toEqual({ ok: true });
    expect(await server.store.listEvents(shop.siteId, 'u-alice')).toHaveLength(before);
  });
});
