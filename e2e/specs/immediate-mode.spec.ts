import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device, type Tab } from '../harness/device.ts';
import { acceptPasskeyOffer, screenshot } from '../harness/overlay.ts';
import { forgetOverlayViews, overlayViewsShown } from '../harness/overlayViews.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { openPopupAbout } from '../harness/popup.ts';
import { ALICE, startStack, type Stack } from '../harness/stack.ts';
import { waitUntil } from '../harness/waitUntil.ts';

/**
 * Issue 14, item 1: immediate mode as a signal for Passkey Intelligence. Alice's passkey is a
 * synced one made on her laptop, by a provider the server can't place on other devices. On a
 * desktop the engine is unsure, and headless Chromium 156 can check at once
 * (`getClientCapabilities().immediateGet`): the login is a `uiMode: 'immediate'` get, real,
 * against each tab's CDP virtual authenticator.
 */
describe('immediate mode: is the passkey on this device?', () => {
  let stack: Stack;
  let laptop: Device;
  let laptopTab: Tab;

  beforeAll(async () => {
    stack = await startStack();
    laptop = await Device.launch('laptop');
    await laptop.useCompanion(stack.companionUrl, [stack.shop.origin]);
    laptopTab = await laptop.openTab(`${stack.shop.origin}/login`, { transport: 'internal', synced: true });
    await signInWithPassword(laptopTab.page, ALICE);
    await acceptPasskeyOffer(laptopTab.page);
  });
  afterAll(async () => {
    await laptop?.close();
    await stack?.close();
  });

  it('none on this desktop: no prompt, no error; the password form works; the popup says why; the next visit asks no more', async () => {
    const desktop = await Device.launch('desktop');
    try {
      await desktop.useCompanion(stack.companionUrl, [stack.shop.origin]);
      const { page } = await desktop.openTab(`${stack.shop.origin}/login`, { transport: 'internal', synced: true });
      const seen = desktop.traffic.mark();
      await enterUsernameAndMoveOn(page, ALICE.username);
      expect(await desktop.traffic.loginDecision(seen)).toMatchObject({ decision: 'passkey', mediation: 'immediate' });
      expect((await desktop.traffic.next('/v1/ext/login/failure', seen)).status).toBe(200);
      // Asked again: the engine knows now.
      const again = await desktop.traffic.nth('/v1/ext/login/start', seen, 1);
      expect(again.body).toMatchObject({ decision: 'password', reason: { code: 'not-on-this-device' } });
      const popup = await openPopupAbout(desktop, page);
      expect(await popup.text('pkc-popup-reason')).toMatch(/No passkey.*turned up on this device/);
      await screenshot(popup.page, 'immediate-mode-none-here-popup');
      await popup.close();
      await submitPassword(page, ALICE.password);
      expect((await signedInUser(page)).username).toBe('alice');
      expect((await overlayViewsShown(page)).filter((view) => view.startsWith('login'))).toEqual([]);
      const events = await stack.companion.store.listEvents(stack.shop.siteId, ALICE.userId);
      expect(events.filter((event) => event.type === 'login-failure').map((event) => event.detail)).toEqual(['ImmediateNone']);

      await signOut(page);
      await forgetOverlayViews(page);
      const later = desktop.traffic.mark();
      await enterUsernameAndMoveOn(page, ALICE.username);
      expect(await desktop.traffic.loginDecision(later)).toMatchObject({ decision: 'password', reason: { code: 'not-on-this-device' } });
    } finally {
      await desktop.close();
    }
  });

  it('synced to this desktop too: the check finds it and signs alice in with no prompt', async () => {
    const desktop = await Device.launch('second-desktop');
    try {
      await desktop.useCompanion(stack.companionUrl, [stack.shop.origin]);
      const tab = await desktop.openTab(`${stack.shop.origin}/login`, { transport: 'internal', synced: true });
      // Which kinds of get() the page makes (the bridge calls navigator.credentials like the page would).
      await tab.page.evaluateOnNewDocument(`(() => {
        const original = navigator.credentials.get.bind(navigator.credentials);
        window.__pkcGets = [];
        navigator.credentials.get = (options) => {
          window.__pkcGets.push(options && options.uiMode ? options.uiMode : options && options.mediation ? options.mediation : 'modal');
          return original(options);
        };
      })();`);
      await tab.page.reload();
      // The provider synced alice's passkey here: the same key, in this desktop's authenticator.
      for (const credential of await laptopTab.authenticator.credentials()) await tab.authenticator.addCredential(credential);
      const seen = desktop.traffic.mark();
      await enterUsernameAndMoveOn(tab.page, ALICE.username);
      expect(await desktop.traffic.loginDecision(seen)).toMatchObject({ decision: 'passkey', mediation: 'immediate' });
      // Read before the sign-in navigates away from the page that recorded them.
      const gets = waitUntil(
        async () => {
          const made = (await tab.page.evaluate('window.__pkcGets || []').catch(() => undefined)) as string[] | undefined;
          return made?.includes('immediate') ? made : undefined;
        },
        { what: "the page's get() calls" },
      );
      expect(await signedInUser(tab.page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
      await screenshot(tab.page, 'immediate-mode-signed-in');
      // Nothing was asked of alice: the only get() besides the field's autofill (which waits for a
      // pick) was the immediate check.
      expect((await gets).filter((mode) => mode !== 'conditional')).toEqual(['immediate']);
    } finally {
      await desktop.close();
    }
  });
});
