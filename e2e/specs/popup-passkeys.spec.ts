import { afterAll, describe, expect, it } from 'vitest';
import { acceptPasskeyOffer, screenshot } from '../harness/overlay.ts';
import { Device } from '../harness/device.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser } from '../harness/partnerPage.ts';
import { openPopupAbout } from '../harness/popup.ts';
import { ALICE } from '../harness/stack.ts';
import { waitUntil } from '../harness/waitUntil.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/** CDP names credentials in standard base64; the server and the popup in base64url. */
const base64url = (standard: string) => standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * Issue 14, item 4: alice sees her shop passkeys in the toolbar popup (provider, created, last
 * used, "this device") and removes the one on this device. The proof of who she is is her
 * recent sign-in (the grant shop minted after it), never the extension's word; the removed
 * passkey is gone on the server, and the Signal API told this device's authenticator to drop it.
 */
describe('your passkeys in the popup', () => {
  const world = oneDeviceWorld();
  let laptop: Device | undefined;
  afterAll(async () => {
    await laptop?.close();
  });

  it('lists her passkeys after a sign-in, and removes the one on this device from the server and the provider', async () => {
    const { stack } = world;
    // Her other computer: a passkey made there first.
    laptop = await Device.launch('laptop');
    await laptop.useCompanion(stack.companionUrl, [stack.shop.origin]);
    const elsewhere = await laptop.openTab(`${stack.shop.origin}/login`);
    await signInWithPassword(elsewhere.page, ALICE);
    await acceptPasskeyOffer(elsewhere.page);
    const [laptopCredential] = await elsewhere.authenticator.credentials();
    expect(laptopCredential).toBeDefined();

    // This device: a password login and a passkey made here, then a sign-in with it.
    const { page, authenticator } = world.tab;
    await signInWithPassword(page, ALICE);
    await acceptPasskeyOffer(page);
    const [here] = await authenticator.credentials();
    const hereId = base64url(here?.credentialId ?? '');
    await signOut(page);
    const seen = world.device.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
    // Shop's grant after that sign-in went to append/start and then, at once, for a manage session.
    await world.device.traffic.next('/v1/ext/passkeys/session', seen);

    const popup = await openPopupAbout(world.device, page);
    await popup.page.waitForSelector('[data-testid="pkc-popup-passkeys"]');
    const items = async () =>
      popup.page.$$eval('[data-testid="pkc-popup-passkey"]', (nodes) =>
        nodes.map((node) => ({ id: node.getAttribute('data-credential-id') ?? '', text: node.textContent ?? '' })),
      );
    const listed = await items();
    expect(listed.map((item) => item.id).sort()).toEqual([hereId, base64url(laptopCredential?.credentialId ?? '')].sort());
    const hereItem = listed.find((item) => item.id === hereId)?.text ?? '';
    const laptopItem = listed.find((item) => item.id !== hereId)?.text ?? '';
    // The virtual authenticator's AAGUID is in no provider list: "Passkey"; device-bound, so not "(synced)".
    expect(hereItem).toContain('Passkey');
    expect(hereItem).toContain('this device');
    expect(hereItem).toMatch(/Created .+ on this device/);
    expect(hereItem).toMatch(/Last used .+ on this device/);
    expect(laptopItem).not.toContain('this device');
    expect(laptopItem).toMatch(/Created .+ on \S+ on Linux/);
    expect(laptopItem).toContain('Not used to sign in yet');
    await screenshot(popup.page, 'popup-passkeys-list');

    // Remove this device's passkey.
    await popup.page.click(`[data-testid="pkc-popup-passkey"][data-credential-id="${hereId}"] [data-testid="pkc-popup-passkey-delete"]`);
    const removed = await popup.text('pkc-popup-passkey-removed');
    expect(removed).toContain('provider was told');
    expect((await items()).map((item) => item.id)).toEqual([base64url(laptopCredential?.credentialId ?? '')]);
    await screenshot(popup.page, 'popup-passkeys-removed');

    // Gone on the server, still there for the laptop's passkey.
    expect(await stack.companion.store.getCredential(hereId)).toBeUndefined();
    expect(await stack.companion.store.getCredential(base64url(laptopCredential?.credentialId ?? ''))).toBeDefined();
    // And the provider dropped it: Chromium's virtual authenticator honours signalUnknownCredential.
    await waitUntil(async () => (await authenticator.credentials()).length === 0, {
      what: "this device's authenticator to drop the passkey",
    });
    await popup.close();

    // Without a recent sign-in there is nothing to show: on bank alice hasn't signed in.
    await page.goto(`${stack.bank.origin}/login`);
    const atBank = await openPopupAbout(world.device, page);
    expect(await atBank.text('pkc-popup-passkeys-sign-in')).toContain('sign in to Bank again');
    expect(await atBank.page.$('[data-testid="pkc-popup-passkeys"]')).toBeNull();
    await screenshot(atBank.page, 'popup-passkeys-needs-sign-in');
    await atBank.close();
  });
});
