import { describe, expect, it } from 'vitest';
import { acceptPasskeyOffer } from '../harness/overlay.ts';
import { SIGN_UP_FORM, enterUsernameAndMoveOn, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { ALICE } from '../harness/stack.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * A landing page shows a sign-up form; its sign-in form is on the page from the start but
 * hidden, and a "Sign in" button shows it by a class change (issue 6: forms a page shows late).
 * The walking-skeleton flows work from the panel, and the sign-up form is never taken for it.
 */
describe('a sign-in panel the page shows on demand', () => {
  const world = oneDeviceWorld();

  it('an email typed into the sign-up form asks nothing; the panel signs in with the password and earns a passkey', async () => {
    const { page, authenticator } = world.tab;
    await page.goto(`${world.stack.shop.origin}/welcome`);
    const seen = world.device.traffic.mark();
    await enterUsernameAndMoveOn(page, 'alice@example.com', SIGN_UP_FORM);

    await page.click('#open-sign-in');
    await enterUsernameAndMoveOn(page, ALICE.username);
    const decision = await world.device.traffic.loginDecision(seen);
    expect(decision.decision).toBe('password');
    await submitPassword(page, ALICE.password);
    expect((await signedInUser(page)).username).toBe('alice');
    await acceptPasskeyOffer(page);
    expect((await authenticator.credentials()).length).toBe(1);
    // The one decision asked for was the panel's: the sign-up email asked for none.
    const asked = world.device.traffic.exchanges.slice(seen).filter((exchange) => exchange.path === '/v1/ext/login/start');
    expect(asked.map((exchange) => exchange.requestBody)).toEqual([expect.objectContaining({ username: ALICE.username })]);
  });

  it('next time, leaving the identifier in the panel starts the passkey login at once', async () => {
    const { page } = world.tab;
    await signOut(page);
    await page.goto(`${world.stack.shop.origin}/welcome`);
    await page.click('#open-sign-in');
    await enterUsernameAndMoveOn(page, ALICE.username);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });
});
