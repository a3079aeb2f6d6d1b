import { describe, expect, it } from 'vitest';
import { acceptPasskeyOffer, screenshot } from '../harness/overlay.ts';
import {
  IDENTIFIER_FIRST_FORM,
  MEMBER_NUMBER_FORM,
  SPA_FORM,
  continueToPasswordStep,
  enterUsernameAndMoveOn,
  signOut,
  signedInUser,
  submitPassword,
} from '../harness/partnerPage.ts';
import { ALICE, BOB } from '../harness/stack.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * The walking-skeleton flows on two more shapes of login page (issue 6): an identifier-first
 * form split over two pages, and a single-page app that renders its form late inside an open
 * shadow root, signs in with fetch() and adds the append grant to the DOM afterwards.
 */
describe('login form shapes: identifier-first and single-page app', () => {
  const world = oneDeviceWorld();

  it('identifier-first: Continue to the password page, sign in, create a passkey', async () => {
    const { page } = world.tab;
    await page.goto(`${world.stack.shop.origin}/signin`);
    const seen = world.device.traffic.mark();
    // The identifier counts as entered when focus leaves it; the decision is awaited before
    // Continue is clicked, because Continue loads another page at once and a decision still on
    // its way then belongs to a page that is gone (the extension never holds a submit back).
    await enterUsernameAndMoveOn(page, ALICE.username, IDENTIFIER_FIRST_FORM);
    const decision = await world.device.traffic.loginDecision(seen);
    expect(decision.decision).toBe('password');
    await continueToPasswordStep(page, IDENTIFIER_FIRST_FORM);

    await submitPassword(page, ALICE.password);
    expect((await signedInUser(page)).username).toBe('alice');
    await acceptPasskeyOffer(page);
  });

  it('identifier-first: with a passkey, the login starts as soon as the identifier is entered', async () => {
    const { page } = world.tab;
    await signOut(page);
    await page.goto(`${world.stack.shop.origin}/signin`);
    await enterUsernameAndMoveOn(page, ALICE.username, IDENTIFIER_FIRST_FORM);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });

  it('single-page app: the late form in a shadow root starts the passkey login', async () => {
    const { page } = world.tab;
    await signOut(page);
    await page.goto(`${world.stack.shop.origin}/app`);
    await enterUsernameAndMoveOn(page, ALICE.username, SPA_FORM);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });

  it('single-page app: a fetch() password login, then the grant added later earns a passkey offer', async () => {
    const { page, authenticator } = world.tab;
    await signOut(page);
    await page.goto(`${world.stack.shop.origin}/app`);
    const seen = world.device.traffic.mark();
    await enterUsernameAndMoveOn(page, BOB.username, SPA_FORM);
    expect((await world.device.traffic.loginDecision(seen)).decision).toBe('password');

    await page.type(SPA_FORM.next, BOB.password);
    await page.click('login-card >>> #sign-in');
    expect((await signedInUser(page)).username).toBe('bob');
    const offer = await world.device.traffic.appendDecision(seen);
    expect(offer).toMatchObject({ decision: 'offer', variant: 'first-passkey' });
    await screenshot(page, 'spa-append-offer');
    await acceptPasskeyOffer(page);
    expect((await authenticator.credentials()).length).toBe(2);
  });

  it('site-owner selectors: a page the heuristics cannot read works once its owner registered them', async () => {
    const { page } = world.tab;
    await signOut(page);
    await page.goto(`${world.stack.bank.origin}/members`);
    const seen = world.device.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username, MEMBER_NUMBER_FORM);
    expect((await world.device.traffic.loginDecision(seen)).decision).toBe('password');
    await continueToPasswordStep(page, MEMBER_NUMBER_FORM);
    await submitPassword(page, ALICE.password);
    await acceptPasskeyOffer(page);

    await signOut(page);
    await page.goto(`${world.stack.bank.origin}/members`);
    await enterUsernameAndMoveOn(page, ALICE.username, MEMBER_NUMBER_FORM);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });
});
