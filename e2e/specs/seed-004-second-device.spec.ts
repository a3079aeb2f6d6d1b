import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device, type Tab } from '../harness/device.ts';
import { acceptPasskeyOffer, clickOverlay, screenshot, waitForOverlay } from '../harness/overlay.ts';
import { forgetOverlayViews, overlayViewsShown } from '../harness/overlayViews.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { ANDROID_PHONE, WINDOWS_LAPTOP } from '../harness/profiles.ts';
import { ALICE, startStack, type Stack } from '../harness/stack.ts';

/**
 * Seed 004 — passkey creation on a 2nd device whose passkeys are not accessible here. Alice's
 * only passkey is a device-bound Windows Hello passkey on her laptop; on her Android phone the
 * companion declines the passkey login (it would fail), and offers a passkey for the phone.
 */
describe('F5 / seed 004: a device-bound passkey elsewhere, then a passkey on the second device', () => {
  let stack: Stack;
  let laptop: Device;
  let phone: Device;
  let laptopTab: Tab;
  let phoneTab: Tab;
  /** Traffic mark taken on the phone just before its password login. */
  let beforePhonePasswordLogin = 0;

  beforeAll(async () => {
    stack = await startStack();
    [laptop, phone] = await Promise.all([Device.launch('windows', WINDOWS_LAPTOP), Device.launch('android', ANDROID_PHONE)]);
    await laptop.useCompanion(stack.companionUrl, [stack.shop.origin]);
    await phone.useCompanion(stack.companionUrl, [stack.shop.origin]);
    laptopTab = await laptop.openTab(`${stack.shop.origin}/login`, { transport: 'internal', synced: false });
    phoneTab = await phone.openTab(`${stack.shop.origin}/login`, { transport: 'internal', synced: true });
  });

  afterAll(async () => {
    await laptop?.close();
    await phone?.close();
    await stack?.close();
  });

  it('before: alice creates a device-bound passkey on her Windows laptop', async () => {
    await signInWithPassword(laptopTab.page, ALICE);
    await clickOverlay(laptopTab.page, 'pkc-append-create');
    await waitForOverlay(laptopTab.page, 'pkc-append-done');
    const [stored] = await stack.companion.store.listCredentials(stack.shop.siteId, ALICE.userId);
    expect(stored).toMatchObject({ backupEligible: false, createdOn: { os: 'windows', mobile: false } });
  });

  it('steps 1–3: on the phone the companion declines the passkey login, with no prompt and no error', async () => {
    const { page } = phoneTab;
    await forgetOverlayViews(page);
    const seen = phone.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    const decision = await phone.traffic.loginDecision(seen);
    expect(decision).toMatchObject({ decision: 'password', reason: { code: 'device-bound-elsewhere' } });

    beforePhonePasswordLogin = phone.traffic.mark();
    await submitPassword(page, ALICE.password);
    expect((await signedInUser(page)).username).toBe('alice');
    // The login page came and went without a passkey prompt or an error.
    expect((await overlayViewsShown(page)).filter((view) => view.startsWith('login'))).toEqual([]);
  });

  it('steps 4–7: a passkey for this phone is offered as a second device and created', async () => {
    const { page, authenticator } = phoneTab;
    await waitForOverlay(page, 'pkc-append-create');
    await screenshot(page, 'seed-004-second-device-offer');
    const offer = await phone.traffic.appendDecision(beforePhonePasswordLogin);
    expect(offer).toMatchObject({ decision: 'offer', variant: 'second-device' });

    await acceptPasskeyOffer(page);
    expect(await authenticator.credentials()).toHaveLength(1);
    expect(await stack.companion.store.listCredentials(stack.shop.siteId, ALICE.userId)).toHaveLength(2);
  });

  it('after: each device signs alice in with its own passkey', async () => {
    for (const { page } of [laptopTab, phoneTab]) {
      await signOut(page);
      await enterUsernameAndMoveOn(page, ALICE.username);
      expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
    }
  });
});
