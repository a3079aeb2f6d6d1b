import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device, type Tab } from '../harness/device.ts';
import { loginOnce, redeemToken, registerBurstUser, replayFinish, type BurstSite, type SucceededLogin } from '../harness/loginBurst.ts';
import { acceptPasskeyOffer, clickOverlay, overlaySelector, screenshot, waitForOverlay } from '../harness/overlay.ts';
import { forgetOverlayViews } from '../harness/overlayViews.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { startPostgresStack, type PostgresStack } from '../harness/postgresStack.ts';
import { ANDROID_PHONE, WINDOWS_LAPTOP } from '../harness/profiles.ts';
import { ALICE, BOB } from '../harness/stack.ts';
import { siteStatsReplySchema } from '@pkc/shared';
import { mintConsoleInvite, systemClock } from '@pkc/server';
import { VirtualAuthenticator } from '../harness/authenticator.ts';
import { byTestId, clickTestId, countsShown, fillTestId } from '../harness/consoleTab.ts';
import { waitUntil } from '../harness/waitUntil.ts';

/**
 * Issue 12: two companion servers on one PostgreSQL database behind a round-robin load
 * balancer. The seed flows run through it in real Chromium (each request may land on either
 * server), then one server is killed in the middle of a burst of logins.
 */
describe('two companion servers on PostgreSQL behind a round-robin load balancer', () => {
  let stack: PostgresStack;
  let desktop: Device;
  let tab: Tab;

  beforeAll(async () => {
    stack = await startPostgresStack();
    desktop = await Device.launch('desktop');
    await desktop.useCompanion(stack.companionUrl, [stack.shop.origin]);
    tab = await desktop.openTab(`${stack.shop.origin}/login`);
  });
  afterAll(async () => {
    await desktop?.close();
    await stack?.close();
  });

  it('F1: a password login earns a passkey offer; the passkey is created and stored once', async () => {
    const { page, authenticator } = tab;
    await signInWithPassword(page, ALICE);
    await waitForOverlay(page, 'pkc-append-create');
    await acceptPasskeyOffer(page);
    await screenshot(page, 'two-servers-append-done');
    expect(await authenticator.credentials()).toHaveLength(1);
    expect(await stack.store.listCredentials(stack.shop.siteId, ALICE.userId)).toHaveLength(1);
  });

  it('the passkey signs alice in, with both servers answering the extension', async () => {
    const { page } = tab;
    await signOut(page);
    await enterUsernameAndMoveOn(page, ALICE.username);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
    const answered = stack.servers.map((server) => stack.proxy.answered.get(server.url) ?? 0);
    expect(answered.every((count) => count > 0)).toBe(true);
  });

  it('F4: passkey errors reported to either server add up; after two the password is suggested, then a heal offer', async () => {
    const { page, authenticator } = tab;
    const [credential] = await authenticator.credentials();
    if (!credential) throw new Error('no passkey from the first step');
    await authenticator.removeCredential(credential.credentialId);
    await signOut(page);

    let seen = desktop.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    await waitForOverlay(page, 'pkc-login-error');
    expect((await desktop.traffic.next('/v1/ext/login/failure', seen)).status).toBe(200);
    seen = desktop.traffic.mark();
    await clickOverlay(page, 'pkc-login-passkey');
    expect((await desktop.traffic.next('/v1/ext/login/failure', seen)).status).toBe(200);
    await waitForOverlay(page, 'pkc-login-error');
    await clickOverlay(page, 'pkc-use-password');
    await page.waitForSelector(overlaySelector('pkc-login-error'), { hidden: true });

    await page.goto(`${stack.shop.origin}/login`);
    await forgetOverlayViews(page);
    seen = desktop.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    expect(await desktop.traffic.loginDecision(seen)).toMatchObject({ decision: 'password', reason: { code: 'repeated-failures' } });
    const beforePassword = desktop.traffic.mark();
    await submitPassword(page, ALICE.password);
    expect(await desktop.traffic.appendDecision(beforePassword)).toMatchObject({ decision: 'offer', variant: 'heal' });
    await acceptPasskeyOffer(page);
    await signOut(page);
    await enterUsernameAndMoveOn(page, ALICE.username);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
    await desktop.close();
  });

  it('F5: a device-bound passkey on the laptop; the phone is offered a passkey of its own', async () => {
    const [laptop, phone] = await Promise.all([Device.launch('windows', WINDOWS_LAPTOP), Device.launch('android', ANDROID_PHONE)]);
    try {
      await laptop.useCompanion(stack.companionUrl, [stack.shop.origin]);
      await phone.useCompanion(stack.companionUrl, [stack.shop.origin]);
      const laptopTab = await laptop.openTab(`${stack.shop.origin}/login`, { transport: 'internal', synced: false });
      const phoneTab = await phone.openTab(`${stack.shop.origin}/login`, { transport: 'internal', synced: true });
      await signInWithPassword(laptopTab.page, BOB);
      await clickOverlay(laptopTab.page, 'pkc-append-create');
      await waitForOverlay(laptopTab.page, 'pkc-append-done');

      const seen = phone.traffic.mark();
      await enterUsernameAndMoveOn(phoneTab.page, BOB.username);
      expect(await phone.traffic.loginDecision(seen)).toMatchObject({ decision: 'password', reason: { code: 'device-bound-elsewhere' } });
      const beforePassword = phone.traffic.mark();
      await submitPassword(phoneTab.page, BOB.password);
      expect(await phone.traffic.appendDecision(beforePassword)).toMatchObject({ decision: 'offer', variant: 'second-device' });
      await acceptPasskeyOffer(phoneTab.page);
      await screenshot(phoneTab.page, 'two-servers-second-device-done');
      expect(await stack.store.listCredentials(stack.shop.siteId, BOB.userId)).toHaveLength(2);
    } finally {
      await Promise.all([laptop.close(), phone.close()]);
    }
  });

  it("the site-owner console works across both servers: enrol, sign in, the same counts as the site's stats", async () => {
    // What `npm run site -- console-link` does with DATABASE_URL set (straight into the database).
    const { link } = await mintConsoleInvite(stack.store, systemClock, stack.companionUrl, stack.shop.siteId, 'cli');
    const owner = await Device.launch('owner');
    const page = await owner.browser.newPage();
    try {
      await VirtualAuthenticator.attach(page, { transport: 'internal', synced: true });
      // Each request goes to the next server: the enrol ceremony starts on one and finishes on the other.
      await page.goto(link, { waitUntil: 'load' });
      await fillTestId(page, 'console-owner-name', 'Olivia');
      await clickTestId(page, 'console-enrol');
      await page.waitForSelector(byTestId('console-count-passkeyLoginsSucceeded'), { visible: true });
      const range = async () => ({
        from: await page.$eval(byTestId('console-range-from'), (input) => (input as HTMLInputElement).value),
        to: await page.$eval(byTestId('console-range-to'), (input) => (input as HTMLInputElement).value),
      });
      const { from, to } = await range();
      const totals = async () =>
        siteStatsReplySchema.parse(
          await (
            await fetch(`${stack.companionUrl}/v1/sites/${stack.shop.siteId}/stats?from=${from}&to=${to}`, {
              headers: { authorization: `Bearer ${stack.shop.integration.secret}` },
            })
          ).json(),
        ).totals;
      // Each server adds its counts to the database once a second: wait until two reads agree
      // around a reload of the page, then the page must show exactly those numbers.
      await waitUntil(
        async () => {
          const before = await totals();
          await page.reload({ waitUntil: 'load' });
          await page.waitForSelector(byTestId('console-count-passkeyLoginsSucceeded'), { visible: true });
          const shown = await countsShown(page);
          const after = await totals();
          if (JSON.stringify(before) !== JSON.stringify(after)) return false;
          const { usersWithPasskeys, ...counters } = shown;
          expect(usersWithPasskeys).toBe((await stack.store.summarizeCredentials(stack.shop.siteId)).usersWithPasskeys);
          for (const [name, count] of Object.entries(counters)) expect([name, count]).toEqual([name, after[name] ?? 0]);
          return after;
        },
        { what: 'the counters to settle', timeoutMs: 20_000 },
      ).then((settled) => {
        expect(settled.passkeyLoginsSucceeded).toBeGreaterThan(0);
        expect(settled.appendCreated).toBeGreaterThan(0);
      });
      await screenshot(page, 'two-servers-console');
    } finally {
      await owner.close();
    }
  });

  it('a server killed (SIGKILL) in a burst of logins: every login seen to succeed is stored, nothing works twice, the survivor serves on', async () => {
    const site: BurstSite = {
      companionUrl: stack.companionUrl,
      siteId: stack.shop.siteId,
      secret: stack.shop.integration.secret,
      origin: stack.shop.origin,
    };
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => registerBurstUser(site, i)));
    const [victim, survivor] = stack.servers;
    if (!victim || !survivor) throw new Error('two servers expected');

    const succeeded: SucceededLogin[] = [];
    let attempts = 0;
    let succeededBeforeKill = -1;
    let killed: Promise<void> | undefined;
    await Promise.all(
      users.map(async (user) => {
        for (let round = 0; round < 12; round += 1) {
          attempts += 1;
          const login = await loginOnce(site, user);
          if (login) succeeded.push(login);
          if (succeeded.length >= 24 && !killed) {
            succeededBeforeKill = succeeded.length;
            killed = victim.kill();
          }
        }
      }),
    );
    await killed;
    expect(succeededBeforeKill).toBeGreaterThan(0);
    expect(succeeded.length).toBeGreaterThan(succeededBeforeKill);

    // Every login the client saw succeed is in the database: its counter, its success event.
    for (const user of users) {
      const mine = succeeded.filter((login) => login.user === user);
      const stored = await stack.store.getCredential(user.credentialId);
      expect(stored?.counter).toBeGreaterThanOrEqual(Math.max(0, ...mine.map((login) => login.counter)));
      const successes = (await stack.store.listEvents(site.siteId, user.userId)).filter((event) => event.type === 'login-success');
      expect(successes.length).toBeGreaterThanOrEqual(mine.length);
    }
    // No challenge answers twice; every token redeems exactly once.
    for (const login of succeeded) {
      expect(await replayFinish(site, login)).toMatchObject({ status: 400, json: { error: { code: 'ceremony_invalid' } } });
      expect((await redeemToken(site, login.token)).status).toBe(200);
      expect(await redeemToken(site, login.token)).toMatchObject({ status: 409, json: { error: { code: 'token_used' } } });
    }
    // The survivor serves every login on its own now.
    const answeredBefore = stack.proxy.answered.get(survivor.url) ?? 0;
    const after = await Promise.all(users.map((user) => loginOnce(site, user)));
    expect(after.every((login) => login !== undefined)).toBe(true);
    expect((stack.proxy.answered.get(survivor.url) ?? 0) - answeredBefore).toBeGreaterThanOrEqual(users.length * 2);
    expect(attempts).toBe(users.length * 12);
  });
});
