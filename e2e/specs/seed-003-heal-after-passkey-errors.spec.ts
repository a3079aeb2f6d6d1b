import { beforeAll, describe, expect, it } from 'vitest';
import { acceptPasskeyOffer, clickOverlay, overlaySelector, screenshot, waitForOverlay } from '../harness/overlay.ts';
import { forgetOverlayViews, overlayViewsShown } from '../harness/overlayViews.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { ALICE } from '../harness/stack.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * Seed 003 — passkey creation after passkey-login errors (auto-healing). Alice's passkey is
 * deleted on her device; the passkey login fails, she retries, falls back to her password, and
 * the companion offers a new passkey as a heal.
 */
describe('F4 / seed 003: passkey errors, fallback to password, heal', () => {
  const world = oneDeviceWorld();
  /** Traffic mark taken just before the password login of step 4. */
  let beforePasswordLogin = 0;

  beforeAll(async () => {
    // Before the story starts, alice has a passkey on this world.device.
    const { page } = world.tab;
    await signInWithPassword(page, ALICE);
    await acceptPasskeyOffer(page);
    await signOut(page);
  });

  it('steps 1–3: the passkey was deleted locally, so the automatic passkey login fails with a clear error', async () => {
    const { page, authenticator } = world.tab;
    const [credential] = await authenticator.credentials();
    if (!credential) throw new Error('setup created no passkey');
    await authenticator.removeCredential(credential.credentialId);

    const seen = world.device.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    const decision = await world.device.traffic.loginDecision(seen);
    expect(decision.decision).toBe('passkey');

    await waitForOverlay(page, 'pkc-login-error');
    await screenshot(page, 'seed-003-login-error');
    expect((await world.device.traffic.next('/v1/ext/login/failure', seen)).status).toBe(200);
    await waitForOverlay(page, 'pkc-use-password');
  });

  it('step 3: a retry fails the same way; the user turns to the password', async () => {
    const { page } = world.tab;
    const seen = world.device.traffic.mark();
    await clickOverlay(page, 'pkc-login-passkey');
    expect((await world.device.traffic.next('/v1/ext/login/failure', seen)).status).toBe(200);
    await waitForOverlay(page, 'pkc-login-error');
    await clickOverlay(page, 'pkc-use-password');
    await page.waitForSelector(overlaySelector('pkc-login-error'), { hidden: true });
  });

  it('step 4: after repeated failures the next attempt goes straight to the password, no prompt', async () => {
    const { page } = world.tab;
    await page.goto(`${world.stack.shop.origin}/login`);
    await forgetOverlayViews(page);
    const seen = world.device.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    const decision = await world.device.traffic.loginDecision(seen);
    expect(decision).toMatchObject({ decision: 'password', reason: { code: 'repeated-failures' } });

    beforePasswordLogin = world.device.traffic.mark();
    await submitPassword(page, ALICE.password);
    expect((await signedInUser(page)).username).toBe('alice');
    // The login page came and went without a passkey prompt or an error.
    expect((await overlayViewsShown(page)).filter((view) => view.startsWith('login'))).toEqual([]);
  });

  it('steps 5–8: the companion offers a new passkey as a heal; it is created and the next login works', async () => {
    const { page, authenticator } = world.tab;
    const offer = await world.device.traffic.appendDecision(beforePasswordLogin);
    expect(offer).toMatchObject({ decision: 'offer', variant: 'heal' });
    await screenshot(page, 'seed-003-heal-offer');
    await acceptPasskeyOffer(page);
    expect(await authenticator.credentials()).toHaveLength(1);

    await signOut(page);
    await enterUsernameAndMoveOn(page, ALICE.username);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });
});
