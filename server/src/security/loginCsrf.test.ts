import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { loginFinishReplySchema, loginStartReplySchema } from '@pkc/shared';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Security review round 2, finding 1: login CSRF through the login callback. Bob keeps the
 * token of his own passkey login and has another person's browser post it to the shop. The
 * token now carries the nonce of the page the login started on, and the verify endpoint, given
 * the posting browser's nonce, refuses a token made elsewhere.
 */
let server: SecurityServer;
let shop: Site;
const key = new SoftAuthenticator();
beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  await server.register(shop, 'u-bob', 'bob', key, device('bob'));
});
afterAll(() => server.stop());

const BOBS_NONCE = 'bobs-own-browser-nonce-0001';
const VICTIMS_NONCE = 'the-victims-browser-nonce-02';

async function tokenFromLogin(pageNonce?: string): Promise<string> {
  const start = await server.call('/v1/ext/login/start', {
    body: {
      siteId: shop.siteId,
      origin: shop.origin,
      username: 'bob',
      client: clientSignals(device('bob')),
      ...(pageNonce ? { pageNonce } : {}),
    },
  });
  const reply = loginStartReplySchema.parse(start.json);
  if (reply.decision === 'password') throw new Error('expected a passkey login');
  const finish = await server.call('/v1/ext/login/finish', {
    body: { ceremonyId: reply.ceremony.ceremonyId, origin: shop.origin, response: key.get(reply.ceremony.options, shop.origin) },
  });
  return loginFinishReplySchema.parse(finish.json).token;
}

const verify = (token: string, nonce?: string) =>
  server.call(`/v1/sites/${shop.siteId}/login-tokens/verify`, {
    body: { token, ...(nonce ? { nonce } : {}) },
    headers: { authorization: `Bearer ${shop.secret}` },
  });

describe('login tokens are bound to the browser that ran the passkey login', () => {
  it("carry the page nonce; verifying with another browser's nonce is refused (and leaves the token unused), with the right one it works once", async () => {
    const token = await tokenFromLogin(BOBS_NONCE);
    expect(decodeJwt(token)['nonce']).toBe(BOBS_NONCE);
    expect(await verify(token, VICTIMS_NONCE)).toMatchObject({ status: 400, json: { error: { code: 'token_other_browser' } } });
    expect((await verify(token, BOBS_NONCE)).status).toBe(200);
    expect(await verify(token, BOBS_NONCE)).toMatchObject({ status: 409, json: { error: { code: 'token_used' } } });
  });

  it("a token without a nonce (an older extension) is refused by a site that checks, and accepted by one that doesn't yet", async () => {
    const checked = await tokenFromLogin();
    expect(await verify(checked, VICTIMS_NONCE)).toMatchObject({ status: 400, json: { error: { code: 'token_other_browser' } } });
    expect((await verify(await tokenFromLogin())).status).toBe(200);
  });

  it('a page nonce that is not one is refused at login start with a 400', async () => {
    const reply = await server.call('/v1/ext/login/start', {
      body: { siteId: shop.siteId, origin: shop.origin, username: 'bob', client: clientSignals(device('bob')), pageNonce: 'x' },
    });
    expect(reply).toMatchObject({ status: 400, json: { error: { code: 'bad_request' } } });
  });
});
