import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendStartReplySchema, loginStartBodySchema } from '@pkc/shared';
import type { FirefoxAuthenticator } from '../harness/firefoxAuthenticator.ts';
import { FIREFOX_EXTENSION_ORIGIN, FirefoxDevice } from '../harness/firefoxDevice.ts';
import { RecordingProxy } from '../harness/firefoxTraffic.ts';
import { acceptPasskeyOffer, screenshot, waitForOverlay } from '../harness/overlay.ts';
import { overlayViewsShown } from '../harness/overlayViews.ts';
import { enterUsernameAndMoveOn, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { ALICE, startStack, type Stack } from '../harness/stack.ts';

/**
 * Firefox ESR smoke (issue 14, item 5): the Firefox build (`npm run build:firefox`, MV2)
 * installed as a temporary add-on and driven over WebDriver BiDi. On a partner page the
 * runtime-registered content script asks the companion for a decision, and the password login
 * works untouched. Then, on a second Firefox with a virtual platform authenticator (soft token
 * prefs + nsIWebAuthnService through a chrome-scope BiDi evaluation, firefoxAuthenticator.ts,
 * as WebDriver BiDi has no WebAuthn module), a real passkey ceremony: the append offer after
 * the password login, the passkey created through the overlay, and that passkey signing alice in.
 */
describe('Firefox ESR: the extension on a partner site', () => {
  const world = firefoxWorld('desktop');

  it('asks the companion for a login decision, then lets the password sign alice in', async () => {
    const { stack, proxy, page } = world;
    const seen = proxy.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);

    // The content script, on this page, had the background ask; the companion let the
    // extension's moz-extension:// origin in.
    const start = await proxy.next('/v1/ext/login/start', seen);
    expect(start).toMatchObject({ origin: FIREFOX_EXTENSION_ORIGIN, status: 200 });
    expect(loginStartBodySchema.parse(start.requestBody)).toMatchObject({
      origin: stack.shop.origin,
      username: ALICE.username,
      client: { browser: 'firefox', os: 'linux' },
    });
    // No passkey yet: the password form is left as it is.
    expect(await proxy.loginDecision(seen)).toMatchObject({ decision: 'password' });

    await submitPassword(page, ALICE.password);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with your password.' });

    // The dashboard's append grant reaches the content script, which asks again. Firefox on
    // Linux reports no platform authenticator, so the companion offers nothing here.
    const append = await proxy.next('/v1/ext/append/start', seen);
    expect(appendStartReplySchema.parse(append.body)).toMatchObject({ decision: 'skip', reason: { code: 'client-cannot-create' } });
    await screenshot(page, 'firefox-signed-in-with-password');

    // Signing out ends the dashboard: by then it has shown whatever it was going to.
    await signOut(page);
    expect(await overlayViewsShown(page)).toEqual([]);
  });
});

/**
 * The virtual authenticator is this device's platform authenticator ('internal', resident
 * keys, user verification): with it, Firefox's own isUserVerifyingPlatformAuthenticatorAvailable()
 * answers true (measured: false without one, or with only a 'usb' one), so the extension's
 * signals report a platform authenticator with no testSignalOverride. Firefox 153's
 * getClientCapabilities() still says userVerifyingPlatformAuthenticator and
 * passkeyPlatformAuthenticator false either way; the extension does not read those two.
 */
describe('Firefox ESR with a platform authenticator: a passkey from the offer signs alice in', () => {
  const world = firefoxWorld('desktop-passkey', { withAuthenticator: true });

  it('offers a passkey after the password login, and creates it in the authenticator through the overlay', async () => {
    const { proxy, page } = world;
    const seen = proxy.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    const start = await proxy.next('/v1/ext/login/start', seen);
    // Firefox's own answer, no override stored.
    expect(loginStartBodySchema.parse(start.requestBody).client).toMatchObject({ browser: 'firefox', platformAuthenticator: true });
    expect(await proxy.loginDecision(seen)).toMatchObject({ decision: 'password' });

    await submitPassword(page, ALICE.password);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with your password.' });
    const append = await proxy.next('/v1/ext/append/start', seen);
    expect(appendStartReplySchema.parse(append.body)).toMatchObject({ decision: 'offer' });

    await waitForOverlay(page, 'pkc-append-create');
    await screenshot(page, 'firefox-append-offer');
    await acceptPasskeyOffer(page);
    await screenshot(page, 'firefox-append-done');

    // The MAIN-world bridge's navigator.credentials.create reached the soft token, and the
    // companion verified the attestation.
    expect(await proxy.next('/v1/ext/append/finish', seen)).toMatchObject({ status: 200 });
    const credentials = (await world.authenticator?.credentials()) ?? [];
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ rpId: 'shop.localhost', isResidentCredential: true });
    expect(await overlayViewsShown(page)).toEqual(expect.arrayContaining(['append-offer', 'append-done']));
  });

  it('signs alice in with that passkey once she has entered her username, no password typed', async () => {
    const { proxy, page } = world;
    await signOut(page);
    const seen = proxy.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);

    expect(await proxy.loginDecision(seen)).toMatchObject({ decision: 'passkey', reason: { code: 'credential-usable-here' } });
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
    expect(await proxy.next('/v1/ext/login/finish', seen)).toMatchObject({ status: 200 });
    await screenshot(page, 'firefox-signed-in-with-passkey');

    // The dashboard asks about an append again; the passkey that just worked here is reason to decline.
    const append = await proxy.next('/v1/ext/append/start', seen);
    expect(appendStartReplySchema.parse(append.body)).toMatchObject({ decision: 'skip', reason: { code: 'passkey-exists-here' } });
  });
});

interface FirefoxWorld {
  stack: Stack;
  proxy: RecordingProxy;
  device: FirefoxDevice;
  /** Present with `withAuthenticator`: the browser's virtual platform authenticator. */
  authenticator: FirefoxAuthenticator | undefined;
  /** A tab on shop's login page. */
  page: Page;
}

/** Its own stack and Firefox for one describe block, so each starts with alice passkey-less. */
function firefoxWorld(name: string, options: { withAuthenticator?: boolean } = {}): FirefoxWorld {
  const world = {} as FirefoxWorld;
  beforeAll(async () => {
    world.stack = await startStack({ allowedExtensionOrigins: [FIREFOX_EXTENSION_ORIGIN] });
    world.proxy = await RecordingProxy.start(world.stack.companionUrl);
    const withAuthenticator = options.withAuthenticator === true;
    world.device = await FirefoxDevice.launch(name, { softToken: withAuthenticator });
    world.authenticator = withAuthenticator ? await world.device.addAuthenticator() : undefined;
    await world.device.useCompanion(world.proxy.url, [world.stack.shop.origin]);
    world.page = await world.device.openTab(`${world.stack.shop.origin}/login`);
  });
  afterAll(async () => {
    await world.device?.close();
    await world.proxy?.close();
    await world.stack?.close();
  });
  return world;
}
