import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualAuthenticator } from '../harness/authenticator.ts';
import { Device, type Tab } from '../harness/device.ts';
import { acceptPasskeyOffer, clickOverlay, screenshot, waitForOverlay } from '../harness/overlay.ts';
import { overlayViewsShown } from '../harness/overlayViews.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { ANDROID_PHONE, LINUX_WITHOUT_BLUETOOTH, MAC_WITH_BLUETOOTH } from '../harness/profiles.ts';
import { ALICE, startStack, type Stack } from '../harness/stack.ts';

/**
 * Seeds 002 + 000 — passkey login cross-device via QR code, then a passkey for this computer.
 * Alice's passkey lives on her Android phone. Her Mac has Bluetooth, so the companion offers a
 * phone login; a Linux desktop without Bluetooth is not offered one.
 *
 * The phone is simulated (E2E-HARNESS.md): the phone's tab creates the passkey on a cross-platform
 * `cable` authenticator; the desktop tab then holds a `cable` authenticator with that same
 * credential — the phone reached over hybrid — and loses it when the phone "walks away".
 */
describe('F3 / seeds 002 + 000: hybrid login from a desktop, then append on the desktop', () => {
  let stack: Stack;
  let phone: Device;
  let mac: Device;
  let linux: Device;
  let macTab: Tab;
  /** Traffic mark taken just before the hybrid login. */
  let beforeHybridLogin = 0;

  beforeAll(async () => {
    stack = await startStack();
    [phone, mac, linux] = await Promise.all([
      Device.launch('android', ANDROID_PHONE),
      Device.launch('mac', MAC_WITH_BLUETOOTH),
      Device.launch('linux', LINUX_WITHOUT_BLUETOOTH),
    ]);
    await Promise.all([phone, mac, linux].map((device) => device.useCompanion(stack.companionUrl, [stack.shop.origin])));

    // Before the story: alice created a (synced) passkey on her phone.
    const phoneTab = await phone.openTab(`${stack.shop.origin}/login`, { transport: 'cable', synced: true });
    await signInWithPassword(phoneTab.page, ALICE);
    await clickOverlay(phoneTab.page, 'pkc-append-create');
    await waitForOverlay(phoneTab.page, 'pkc-append-done');
    const [phonePasskey] = await phoneTab.authenticator.credentials();
    if (!phonePasskey) throw new Error('the phone created no passkey');

    macTab = await mac.openTab(`${stack.shop.origin}/login`, { transport: 'cable', synced: true });
    await macTab.authenticator.addCredential(phonePasskey);
  });

  afterAll(async () => {
    await Promise.all([phone, mac, linux].map((device) => device?.close()));
    await stack?.close();
  });

  it('steps 1–2: alice enters her username on the Mac; the companion offers a phone login', async () => {
    const { page } = macTab;
    const seen = mac.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    // Chromium can check at once whether the synced passkey is on the Mac too: it isn't, then the phone is offered.
    const decision = await mac.traffic.settledLoginDecision(seen);
    expect(decision.decision).toBe('hybrid');
    if (decision.decision !== 'hybrid') return;
    expect(decision.ceremony.options.hints).toEqual(['hybrid']);
    expect(decision.ceremony.options.allowCredentials?.map((c) => c.transports)).toEqual([['hybrid']]);

    // Hybrid waits for the user: it explains the phone + Bluetooth step first.
    await waitForOverlay(page, 'pkc-login-hybrid');
    await screenshot(page, 'seed-002-hybrid-offer');
    const copy = await page.$eval('#passkey-companion', (host) => host.shadowRoot?.textContent ?? '');
    expect(copy).toMatch(/phone/i);
    expect(copy).toMatch(/Bluetooth/i);
  });

  it('steps 3–5 (seed 002): the phone is used over hybrid and the login completes on the Mac', async () => {
    const { page } = macTab;
    beforeHybridLogin = mac.traffic.mark();
    await clickOverlay(page, 'pkc-login-hybrid');
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });

  it('steps 5–8 (seed 000): a passkey for this Mac is offered after the hybrid login, and created', async () => {
    const { page } = macTab;
    const offer = await mac.traffic.appendDecision(beforeHybridLogin);
    await waitForOverlay(page, 'pkc-append-create');
    expect(offer).toMatchObject({ decision: 'offer', variant: 'after-hybrid' });
    await screenshot(page, 'seed-000-after-hybrid-offer');

    // The phone walks away; the Mac's own platform authenticator creates the new passkey.
    await macTab.authenticator.detach();
    macTab.authenticator = await VirtualAuthenticator.attach(page, { transport: 'internal', synced: true });
    await acceptPasskeyOffer(page);
    expect(await macTab.authenticator.credentials()).toHaveLength(1);

    // Next time the Mac signs in with its own passkey, no phone needed.
    await signOut(page);
    const seen = mac.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    const decision = await mac.traffic.loginDecision(seen);
    expect(decision.decision).toBe('passkey');
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });

  it('a desktop without Bluetooth is not offered the phone login', async () => {
    const tab = await linux.openTab(`${stack.shop.origin}/login`);
    const seen = linux.traffic.mark();
    await enterUsernameAndMoveOn(tab.page, ALICE.username);
    const decision = await linux.traffic.settledLoginDecision(seen);
    expect(decision.decision).toBe('password');
    // The password login goes on; the login page came and went without the phone offer.
    await submitPassword(tab.page, ALICE.password);
    expect((await signedInUser(tab.page)).username).toBe('alice');
    expect((await overlayViewsShown(tab.page)).filter((view) => view.startsWith('login'))).toEqual([]);
  });
});
