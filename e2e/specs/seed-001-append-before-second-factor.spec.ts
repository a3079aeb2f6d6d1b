import { describe, expect, it } from 'vitest';
import { acceptPasskeyOffer, clickOverlay, overlaySelector, screenshot, waitForOverlay } from '../harness/overlay.ts';
import { enterEmailedCode, enterUsernameAndMoveOn, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { CAROL } from '../harness/stack.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * Seed 001 — passkey creation for non-MFA accounts: after the password, before the email/SMS
 * code. Carol's site asks for an emailed code after her password; the passkey offer sits on the
 * step in between. Both branches of the seed: skip (step 5), then create (step 4).
 */
describe('F1 / seed 001: password, append offer, then the emailed code', () => {
  const world = oneDeviceWorld();

  const codeFromInbox = () => {
    const message = world.stack.shop.outbox.latestFor(CAROL.email ?? '');
    if (!message) throw new Error('no sign-in code was emailed');
    return message.code;
  };

  /** Steps 1–3: identifier → no passkey → password → the append offer appears. */
  async function passwordUntilOffer(): Promise<void> {
    const { page } = world.tab;
    const seen = world.device.traffic.mark();
    await enterUsernameAndMoveOn(page, CAROL.username);
    const decision = await world.device.traffic.loginDecision(seen);
    expect(decision.decision).toBe('password');

    await submitPassword(page, CAROL.password);
    expect(page.url()).toBe(`${world.stack.shop.origin}/verify-code`);
    await waitForOverlay(page, 'pkc-append-create');
  }

  it('step 5: skip the passkey, continue with the code, reach the dashboard; the skip is recorded', async () => {
    const { page, authenticator } = world.tab;
    await passwordUntilOffer();
    await screenshot(page, 'seed-001-offer-before-code');

    const beforeSkip = world.device.traffic.mark();
    await clickOverlay(page, 'pkc-append-skip');
    await page.waitForSelector(overlaySelector('pkc-append-create'), { hidden: true });
    expect((await world.device.traffic.next('/v1/ext/append/decline', beforeSkip)).status).toBe(200);
    await enterEmailedCode(page, codeFromInbox());

    expect(await signedInUser(page)).toEqual({ username: 'carol', signedInWith: 'Signed in with your password.' });
    expect(await authenticator.credentials()).toHaveLength(0);
    const events = await world.stack.companion.store.listEvents(world.stack.shop.siteId, CAROL.userId);
    expect(events.map((event) => event.type)).toContain('append-skip');
  });

  it('step 4: create the passkey (biometric prompt), then the code, then the dashboard', async () => {
    const { page, authenticator } = world.tab;
    await signOut(page);
    await passwordUntilOffer();

    await acceptPasskeyOffer(page);
    await screenshot(page, 'seed-001-created-before-code');
    expect(await authenticator.credentials()).toHaveLength(1);
    expect(await world.stack.companion.store.listCredentials(world.stack.shop.siteId, CAROL.userId)).toHaveLength(1);

    // 4.c–4.e: the site's own second factor still runs, the extension doesn't skip it.
    expect(page.url()).toBe(`${world.stack.shop.origin}/verify-code`);
    await enterEmailedCode(page, codeFromInbox());
    expect((await signedInUser(page)).username).toBe('carol');
  });

  it('next time, the passkey signs carol in with no password and no code', async () => {
    const { page } = world.tab;
    await signOut(page);
    const sentBefore = world.stack.shop.outbox.messages.length;
    await enterUsernameAndMoveOn(page, CAROL.username);
    expect(await signedInUser(page)).toEqual({ username: 'carol', signedInWith: 'Signed in with a passkey.' });
    expect(world.stack.shop.outbox.messages).toHaveLength(sentBefore);
  });
});
