import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendStartReplySchema, loginStartBodySchema } from '@pkc/shared';
import { FIREFOX_EXTENSION_ORIGIN, FirefoxDevice } from '../harness/firefoxDevice.ts';
import { RecordingProxy } from '../harness/firefoxTraffic.ts';
import { screenshot } from '../harness/overlay.ts';
import { overlayViewsShown } from '../harness/overlayViews.ts';
import { enterUsernameAndMoveOn, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { ALICE, startStack, type Stack } from '../harness/stack.ts';

/**
 * Firefox ESR smoke (issue 14, item 5): the Firefox build (`npm run build:firefox`, MV2)
 * installed as a temporary add-on and driven over WebDriver BiDi. On a partner page the
 * runtime-registered content script asks the companion for a decision, and the password login
 * works untouched. No passkey ceremony runs here yet: WebDriver BiDi has no WebAuthn module;
 * Firefox's virtual authenticator is reachable only through a chrome-scope evaluation
 * (nsIWebAuthnService, allowed by -remote-allow-system-access, with the softtoken pref on),
 * checked by hand but not wired into this harness. The WebAuthn code is the same bundle as
 * Chromium's, covered by the Chromium specs and the extension's unit tests.
 */
describe('Firefox ESR: the extension on a partner site', () => {
  let stack: Stack;
  let proxy: RecordingProxy;
  let device: FirefoxDevice;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({ allowedExtensionOrigins: [FIREFOX_EXTENSION_ORIGIN] });
    proxy = await RecordingProxy.start(stack.companionUrl);
    device = await FirefoxDevice.launch('desktop');
    await device.useCompanion(proxy.url, [stack.shop.origin]);
    page = await device.openTab(`${stack.shop.origin}/login`);
  });

  afterAll(async () => {
    await device?.close();
    await proxy?.close();
    await stack?.close();
  });

  it('asks the companion for a login decision, then lets the password sign alice in', async () => {
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
