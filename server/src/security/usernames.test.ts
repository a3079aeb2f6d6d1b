import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendStartReplySchema, loginStartReplySchema } from '@pkc/shared';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Security review round 2, finding 3: a username taken over by another account. Another
 * account of the same site named "ALICE", "ａｌｉｃｅ" or "Kate" with U+212A KELVIN SIGN redeemed
 * one grant, and alice's login decision became `password (no-passkey-yet)`.
 */
let server: SecurityServer;
let shop: Site;
beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
});
afterAll(() => server.stop());

async function redeemGrant(userId: string, username: string): Promise<void> {
  const grant = await server.mintGrant(shop, userId, username);
  const { status, json } = await server.call('/v1/ext/append/start', {
    body: { siteId: shop.siteId, origin: shop.origin, grant, client: clientSignals(device(userId)) },
  });
  expect(status).toBe(200);
  appendStartReplySchema.parse(json);
}

async function decisionFor(username: string, on: string): Promise<string> {
  const { json } = await server.call('/v1/ext/login/start', {
    body: { siteId: shop.siteId, origin: shop.origin, username, client: clientSignals(on) },
  });
  return loginStartReplySchema.parse(json).decision;
}

describe('a username taken over by another account', () => {
  it("a look-alike account redeeming a grant leaves alice's passkey login as it was", async () => {
    await server.register(shop, 'u-alice', 'alice', new SoftAuthenticator(), device('alice'));
    expect(await decisionFor('alice', device('alice'))).toBe('passkey');
    for (const [userId, username] of [
      ['u-caps', 'ALICE'],
      ['u-wide', 'ａｌｉｃｅ'],
    ]) {
      await redeemGrant(userId ?? '', username ?? '');
      expect(await decisionFor('alice', device('alice'))).toBe('passkey');
    }
  });

  it("a name taken while its owner had no passkey yet comes back with the owner's next grant, unchanged as it is", async () => {
    await redeemGrant('u-kate', 'Kate');
    await redeemGrant('u-kelvin', '\u212Aate');
    // Both are "kate" now; the owner's own next password login (a grant for the same record) takes it back.
    await redeemGrant('u-kate', 'Kate');
    await server.register(shop, 'u-kate', 'Kate', new SoftAuthenticator(), device('kate'));
    expect(await decisionFor('kate', device('kate'))).toBe('passkey');
    await redeemGrant('u-kelvin', '\u212Aate');
    expect(await decisionFor('KATE', device('kate'))).toBe('passkey');
  });
});
