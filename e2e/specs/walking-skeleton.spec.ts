import type { HTTPRequest } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { loginStartReplySchema } from '@pkc/shared';
import { acceptPasskeyOffer, screenshot, waitForOverlay } from '../harness/overlay.ts';
import { forgetOverlayViews, overlayViewsShown } from '../harness/overlayViews.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { postFormToSite } from '../harness/sitePost.ts';
import { ALICE } from '../harness/stack.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * The thinnest complete slice: a password login earns a passkey offer, the passkey then signs
 * the user in, and two partner sites stay strangers to each other's passkeys and tokens.
 */
describe('walking skeleton on one desktop device', () => {
  const world = oneDeviceWorld();

  it('offers a passkey after a password login on shop, and creates it', async () => {
    const { page, authenticator } = world.tab;
    await signInWithPassword(page, ALICE);

    await waitForOverlay(page, 'pkc-append-create');
    await screenshot(page, 'skeleton-append-offer');
    await acceptPasskeyOffer(page);
    await screenshot(page, 'skeleton-append-done');

    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with your password.' });
    const credentials = await authenticator.credentials();
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.rpId).toBe('shop.localhost');
  });

  it('signs alice in with that passkey once she has entered her username, no password typed', async () => {
    const { page } = world.tab;
    await signOut(page);

    const seen = world.device.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);

    const decision = await world.device.traffic.next('/v1/ext/login/start', seen);
    expect(loginStartReplySchema.parse(decision.body).decision).toBe('passkey');
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
    // The site offers an append after every login; the companion sees a passkey that works here and declines.
    const append = await world.device.traffic.appendDecision(seen);
    expect(append).toMatchObject({ decision: 'skip', reason: { code: 'passkey-exists-here' } });
  });

  it("does not offer shop's passkey on bank, and bank refuses shop's login token", async () => {
    // Hold the token on its way to shop's callback and offer it to bank first: bank must refuse
    // it without using it up (the audience is shop), which shop accepting it afterwards proves.
    const { page } = world.tab;
    await signOut(page);
    const callback = `${world.stack.shop.origin}/passkey-login`;
    let holdCallback: (request: HTTPRequest) => void = () => undefined;
    const heldCallback = new Promise<HTTPRequest>((resolve) => (holdCallback = resolve));
    const onRequest = (request: HTTPRequest) => {
      if (request.method() === 'POST' && request.url() === callback) holdCallback(request);
      else void request.continue();
    };
    await page.setRequestInterception(true);
    page.on('request', onRequest);
    await enterUsernameAndMoveOn(page, ALICE.username);
    const held = await heldCallback;
    const token = new URLSearchParams(held.postData() ?? '').get('token') ?? '';
    expect(token.split('.')).toHaveLength(3);

    const atBank = await postFormToSite(`${world.stack.bank.origin}/passkey-login`, { token });
    expect(atBank.status).toBe(401);
    expect(atBank.headers['set-cookie']).toBeUndefined();
    await held.continue();
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
    await page.setRequestInterception(false);
    page.off('request', onRequest);

    // On bank, alice has no passkey: the decision is password even though this tab's
    // authenticator holds her shop passkey (another rp id), and no WebAuthn prompt is started.
    await page.goto(`${world.stack.bank.origin}/login`);
    await forgetOverlayViews(page);
    const seen = world.device.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    const decision = await world.device.traffic.loginDecision(seen);
    expect(decision.decision).toBe('password');

    // And shop itself accepts it only once: the first use signed alice in above.
    const replayAtShop = await postFormToSite(`${world.stack.shop.origin}/passkey-login`, { token });
    expect(replayAtShop.status).toBe(401);

    // Alice's password login on bank earns her a bank passkey, under bank's own rp id.
    await submitPassword(page, ALICE.password);
    await acceptPasskeyOffer(page);
    // The login page came and went without a passkey prompt or any login view; the recorder
    // did see the views the dashboard showed.
    const views = await overlayViewsShown(page);
    expect(views.filter((view) => view.startsWith('login'))).toEqual([]);
    expect(views).toEqual(expect.arrayContaining(['append-offer', 'append-done']));
    const rpIds = (await world.tab.authenticator.credentials()).map((credential) => credential.rpId);
    expect(rpIds.sort()).toEqual(['bank.localhost', 'shop.localhost']);
  });
});
