import { describe, expect, it } from 'vitest';
import { acceptPasskeyOffer, screenshot } from '../harness/overlay.ts';
import { signInWithPassword, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { autofillState, pickAutofillPasskey } from '../harness/passkeyAutofill.ts';
import { ALICE } from '../harness/stack.ts';
import { waitUntil } from '../harness/waitUntil.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * Issue 14, item 2: passkey autofill on a partner page that never asked for it. The extension
 * adds `webauthn` to the identifier field's autocomplete and runs a conditional get with the
 * server's options; picking the passkey from the field's suggestions signs in like a passkey
 * login. The pick is the spec's (harness/passkeyAutofill.ts gives the virtual authenticator a
 * real browser's timing); the get, its options and the assertion are Chromium's.
 */
describe('passkey autofill (conditional UI)', () => {
  const world = oneDeviceWorld();

  it('the identifier field offers alice her passkey; picking it signs her in, no username typed', async () => {
    const { page } = world.tab;
    await signInWithPassword(page, ALICE);
    await acceptPasskeyOffer(page);
    await signOut(page);

    const waiting = await waitUntil(async () => ((await autofillState(page)).waiting === 1 ? true : undefined), {
      what: 'an autofill request',
    });
    expect(waiting).toBe(true);
    expect(await page.$eval('#username', (field) => field.getAttribute('autocomplete'))).toMatch(/\bwebauthn\b/);
    expect(await page.$eval('#username', (field) => (field as HTMLInputElement).value)).toBe('');
    await screenshot(page, 'passkey-autofill-waiting');
    const seen = world.device.traffic.mark();
    await pickAutofillPasskey(page);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
    expect((await world.device.traffic.next('/v1/ext/login/finish', seen)).status).toBe(200);
    expect((await world.device.traffic.next('/v1/ext/login/conditional', 0)).status).toBe(200);
  });

  it('typing a password ends the autofill request cleanly, and the password login works', async () => {
    const { page } = world.tab;
    await signOut(page);
    await waitUntil(async () => ((await autofillState(page)).waiting === 1 ? true : undefined), { what: 'an autofill request' });
    const before = await autofillState(page);
    await page.type('#username', ALICE.username);
    // Typing the password (before anything is submitted) ends the request.
    await page.type('#password', 'x');
    await waitUntil(async () => ((await autofillState(page)).aborted > before.aborted ? true : undefined), {
      what: 'the autofill request to end',
    });
    expect((await autofillState(page)).waiting).toBe(0);
    await page.$eval('#password', (field) => {
      (field as HTMLInputElement).value = '';
    });
    await submitPassword(page, ALICE.password);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with your password.' });
  });

  it('entering the username starts the usual passkey login, and the autofill request ends first', async () => {
    const { page } = world.tab;
    await signOut(page);
    await waitUntil(async () => ((await autofillState(page)).waiting === 1 ? true : undefined), { what: 'an autofill request' });
    const before = (await autofillState(page)).aborted;
    await page.type('#username', ALICE.username);
    await page.focus('#password');
    await waitUntil(async () => ((await autofillState(page).catch(() => undefined))?.aborted ?? before + 1) > before || undefined, {
      what: 'the autofill request to end',
    });
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });
});
