import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXTENSION_ORIGIN,
  appendGrantReplySchema,
  appendStartReplySchema,
  loginFinishReplySchema,
  loginStartReplySchema,
} from '@pkc/shared';
import { SoftAuthenticator } from '../../server/src/testing/softAuthenticator.ts';
import { serveOtherSite, type OtherSite } from '../harness/otherSite.ts';
import { acceptPasskeyOffer } from '../harness/overlay.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser } from '../harness/partnerPage.ts';
import { ALICE, BOB } from '../harness/stack.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * Security review round 2, finding 1 — login CSRF. Bob runs a passkey login of his own with a
 * script (a software key, his own page nonce) and keeps the login token. A page on another site
 * auto-submits it to the shop's login callback in alice's browser, no extension needed. The
 * shop must not sign alice's browser in as Bob; alice's own passkey login keeps working.
 */
describe('login CSRF: a token made in one browser does not sign in another', () => {
  const world = oneDeviceWorld();
  let evil: OtherSite | undefined;
  let bobsToken = '';

  async function bobsScriptedLogin(): Promise<string> {
    const shop = world.stack.shop;
    const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${world.stack.companionUrl}${path}`, {
        method: 'POST',
        // A script can claim the extension's origin; a web page can't.
        headers: { 'content-type': 'application/json', origin: EXTENSION_ORIGIN, ...headers },
        body: JSON.stringify(body),
      });
      return response.json() as Promise<unknown>;
    };
    const client = {
      os: 'linux',
      browser: 'chromium',
      mobile: false,
      platformAuthenticator: true,
      capabilities: {},
      devicePseudonym: 'bobs-script-device-0001',
    };
    const site = { siteId: shop.siteId, origin: shop.origin };
    // Bob's password login would give him this grant on his own dashboard.
    const { grant } = appendGrantReplySchema.parse(
      await call(
        `/v1/sites/${shop.siteId}/append-grants`,
        { userId: BOB.userId, username: BOB.username },
        { authorization: `Bearer ${shop.integration.secret}` },
      ),
    );
    const offer = appendStartReplySchema.parse(await call('/v1/ext/append/start', { ...site, grant, client }));
    if (offer.decision !== 'offer') throw new Error('no offer for bob');
    const key = new SoftAuthenticator();
    await call('/v1/ext/append/finish', {
      ceremonyId: offer.ceremony.ceremonyId,
      origin: shop.origin,
      response: key.create(offer.ceremony.options, shop.origin),
    });
    const start = loginStartReplySchema.parse(
      await call('/v1/ext/login/start', { ...site, username: BOB.username, client, pageNonce: 'bobs-own-browser-nonce-0001' }),
    );
    if (start.decision === 'password') throw new Error('no passkey login for bob');
    const finish = await call('/v1/ext/login/finish', {
      ceremonyId: start.ceremony.ceremonyId,
      origin: shop.origin,
      response: key.get(start.ceremony.options, shop.origin),
    });
    return loginFinishReplySchema.parse(finish).token;
  }

  beforeAll(async () => {
    bobsToken = await bobsScriptedLogin();
    evil = await serveOtherSite(
      'evil.localhost',
      () => `<!doctype html><title>Win a prize</title>
<form id="f" method="post" action="${world.stack.shop.origin}/passkey-login"><input type="hidden" name="token" value="${bobsToken}"></form>
<script>document.getElementById('f').submit();</script>`,
    );
  });
  afterAll(() => evil?.close());

  it("another site's page posting Bob's token into alice's browser signs nobody in", async () => {
    const { page } = world.tab;
    // Alice has been on the shop (she has its nonce cookie), then visits the attacker's page.
    await page.goto(`${world.stack.shop.origin}/login`);
    await Promise.all([page.waitForNavigation(), page.goto(evil?.origin ?? '')]);
    expect(page.url()).toBe(`${world.stack.shop.origin}/passkey-login`);
    expect(await page.$eval('h1', (h1) => h1.textContent)).toBe('Passkey sign-in failed');
    await page.goto(`${world.stack.shop.origin}/dashboard`);
    expect(page.url()).toBe(`${world.stack.shop.origin}/login`);
  });

  it("alice's own passkey login, through the extension, still signs her in", async () => {
    const { page } = world.tab;
    await signInWithPassword(page, ALICE);
    await acceptPasskeyOffer(page);
    await signOut(page);
    await enterUsernameAndMoveOn(page, ALICE.username);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });
});
