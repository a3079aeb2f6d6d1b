import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { Device, type Tab } from '../harness/device.ts';
import { acceptPasskeyOffer, clickOverlay, screenshot, waitForOverlay } from '../harness/overlay.ts';
import { SPA_FORM, enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser } from '../harness/partnerPage.ts';
import { ANDROID_PHONE, MAC_WITH_BLUETOOTH } from '../harness/profiles.ts';
import { ALICE, BOB, startStack, type Stack } from '../harness/stack.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * Issue 17: on an app that swaps to its signed-in view without navigating, a login card the
 * person ignores (the error after a failed passkey, the hybrid offer, the passkey spinner) must
 * step aside as soon as they turn to the password, and nothing may cover the app afterwards.
 * The reference single-page app (/app) is such an app: a login card in a shadow root, a fetch()
 * sign-in, the dashboard rendered in place.
 */

/** The login card on screen, if any: the overlay's `data-view` when it is a login view. */
function loginCardShown(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const view = document.getElementById('passkey-companion')?.shadowRoot?.querySelector('[data-view]')?.getAttribute('data-view') ?? '';
    return view.startsWith('login') ? view : null;
  });
}

async function waitForNoLoginCard(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !(document.getElementById('passkey-companion')?.shadowRoot?.querySelector('[data-view]')?.getAttribute('data-view') ?? '').startsWith(
        'login',
      ),
    { timeout: 10_000 },
  );
}

/** The element that really has focus, through open shadow roots: `tag#id`. */
function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === null ? '' : `${active.localName}#${active.id}`;
  });
}

/** Types the password into the app's own form (the person ignores the card) and signs in. */
async function typePasswordAndSignIn(page: Page, password: string): Promise<void> {
  await page.type(SPA_FORM.next, password);
  await waitForNoLoginCard(page);
  await page.click('login-card >>> #sign-in');
}

describe('issue 17: on a single-page app, a password login leaves no login card behind', () => {
  const world = oneDeviceWorld();

  beforeAll(async () => {
    // Alice and Bob each have a passkey on this device.
    const { page } = world.tab;
    for (const user of [ALICE, BOB]) {
      await page.goto(`${world.stack.shop.origin}/login`);
      await signInWithPassword(page, user);
      await acceptPasskeyOffer(page);
      await signOut(page);
    }
  });

  it('the passkey spinner steps aside when the password is typed, and its ceremony ends without an error', async () => {
    const { page, authenticator } = world.tab;
    // The authenticator waits for a touch: the ceremony stays in flight, the spinner stays up.
    await authenticator.setAutomaticPresence(false);
    try {
      await page.goto(`${world.stack.shop.origin}/app`);
      const seen = world.device.traffic.mark();
      await enterUsernameAndMoveOn(page, BOB.username, SPA_FORM);
      expect((await world.device.traffic.loginDecision(seen)).decision).toBe('passkey');
      await page.waitForFunction(
        () =>
          document.getElementById('passkey-companion')?.shadowRoot?.querySelector('[data-view]')?.getAttribute('data-view') ===
          'login-progress',
      );
      await screenshot(page, 'issue-17-spa-spinner');

      await typePasswordAndSignIn(page, BOB.password);
      expect((await signedInUser(page)).username).toBe('bob');
      // The aborted ceremony is reported as such (an AbortError doesn't count toward healing).
      expect(await world.device.traffic.next('/v1/ext/login/failure', seen)).toMatchObject({ status: 200 });
      expect(await loginCardShown(page)).toBeNull();
    } finally {
      await authenticator.setAutomaticPresence(true);
    }
  });

  it('the error card after a failed passkey steps aside when the password is typed; the dashboard is left uncovered', async () => {
    const { page, authenticator } = world.tab;
    // The passkeys were deleted on this device; the companion still has alice's.
    await signOut(page);
    const credentials = await authenticator.credentials();
    expect(credentials).toHaveLength(2);
    for (const credential of credentials) await authenticator.removeCredential(credential.credentialId);

    await page.goto(`${world.stack.shop.origin}/app`);
    await enterUsernameAndMoveOn(page, ALICE.username, SPA_FORM);
    await waitForOverlay(page, 'pkc-login-error');
    await screenshot(page, 'issue-17-spa-error-card');

    await typePasswordAndSignIn(page, ALICE.password);
    expect((await signedInUser(page)).username).toBe('alice');
    expect(await loginCardShown(page)).toBeNull();
    await screenshot(page, 'issue-17-spa-dashboard-uncovered');
  });

  it('"Use password" on the error card puts the focus on the password field', async () => {
    const { page } = world.tab;
    await signOut(page);
    await page.goto(`${world.stack.shop.origin}/app`);
    await enterUsernameAndMoveOn(page, ALICE.username, SPA_FORM);
    await waitForOverlay(page, 'pkc-login-error');
    await clickOverlay(page, 'pkc-use-password');
    await waitForNoLoginCard(page);
    expect(await focusedElement(page)).toBe('input#password');
    // The person types right away, into the password.
    await page.keyboard.type(ALICE.password);
    await page.click('login-card >>> #sign-in');
    expect((await signedInUser(page)).username).toBe('alice');
  });
});

describe('issue 17: the hybrid offer steps aside for a password login on a single-page app', () => {
  let stack: Stack;
  let phone: Device;
  let mac: Device;
  let macTab: Tab;

  beforeAll(async () => {
    stack = await startStack();
    [phone, mac] = await Promise.all([Device.launch('android', ANDROID_PHONE), Device.launch('mac', MAC_WITH_BLUETOOTH)]);
    await Promise.all([phone, mac].map((device) => device.useCompanion(stack.companionUrl, [stack.shop.origin])));
    // Alice's passkey is on her phone only.
    const phoneTab = await phone.openTab(`${stack.shop.origin}/login`, { transport: 'cable', synced: true });
    await signInWithPassword(phoneTab.page, ALICE);
    await acceptPasskeyOffer(phoneTab.page);
    macTab = await mac.openTab(`${stack.shop.origin}/app`, { transport: 'cable', synced: true });
  });

  afterAll(async () => {
    await Promise.all([phone, mac].map((device) => device?.close()));
    await stack?.close();
  });

  it('alice ignores the phone offer on her Mac and types her password: the offer goes, the app is uncovered', async () => {
    const { page } = macTab;
    const seen = mac.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username, SPA_FORM);
    expect((await mac.traffic.settledLoginDecision(seen)).decision).toBe('hybrid');
    await waitForOverlay(page, 'pkc-login-hybrid');
    await screenshot(page, 'issue-17-spa-hybrid-offer');

    await typePasswordAndSignIn(page, ALICE.password);
    expect((await signedInUser(page)).username).toBe('alice');
    expect(await loginCardShown(page)).toBeNull();
  });
});
