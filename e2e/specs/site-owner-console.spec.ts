import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteCreatedReplySchema, siteStatsReplySchema, type OriginProof } from '@pkc/shared';
import { VirtualAuthenticator } from '../harness/authenticator.ts';
import { byTestId, clickTestId, consoleScreenshot, countsShown, fillTestId, textOf } from '../harness/consoleTab.ts';
import { Device, type Tab } from '../harness/device.ts';
import { acceptPasskeyOffer, clickOverlay } from '../harness/overlay.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { ALICE, BOB, startStack, type Stack } from '../harness/stack.ts';
import { waitUntil } from '../harness/waitUntil.ts';
import { startPartnerSite, type RunningPartnerSite } from '../site/startPartnerSite.ts';

/**
 * Issue 15 — the site-owner console in real Chromium: the seed flows run on a partner site with
 * the real extension, then the site's owner enrols a passkey from a `npm run site --
 * console-link` link, signs in, and the console shows exactly what happened; steering from the
 * console (pause) reaches the extension at once; another owner is invited; self-service
 * registration with origin verification against the reference partner site. Every page is
 * screenshotted to e2e/artifacts/screenshots/console-*.png.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** What the operator runs: `npm run site -- console-link SITE_ID` (through the running server's admin API). */
async function consoleLinkFromCli(stack: Stack, siteId: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/src/cli/site.ts', 'console-link', siteId], {
    cwd: ROOT,
    env: { ...process.env, DATA_FILE: stack.dataFile },
  });
  return inviteCreatedReplySchema.parse(JSON.parse(stdout)).link;
}

/** Opens the console in a new tab with its own platform authenticator (RP ID = the companion's host). */
async function consoleTab(device: Device, url: string): Promise<Tab> {
  const page = await device.browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const authenticator = await VirtualAuthenticator.attach(page, { transport: 'internal', synced: true });
  await page.goto(url, { waitUntil: 'load' });
  return { page, authenticator };
}

describe('issue 15: the site-owner console', () => {
  let stack: Stack;
  let laptop: Device;
  let owner: Device;
  let ownerTab: Tab;
  let shopSecret: string;

  beforeAll(async () => {
    stack = await startStack({ consoleSelfService: true });
    shopSecret = stack.shop.integration.secret;
    [laptop, owner] = await Promise.all([Device.launch('laptop'), Device.launch('owner')]);
    await laptop.useCompanion(stack.companionUrl, [stack.shop.origin]);

    // The seed flows on the shop: alice signs in with her password and takes the passkey offer
    // (F1), then signs in with it (F2); her passkey is lost on the device, two passkey logins
    // fail, she falls back to her password and takes the heal offer (F4, seed 003); bob signs in
    // with his password and says "not now" (F6).
    const tab = await laptop.openTab(`${stack.shop.origin}/login`);
    await signInWithPassword(tab.page, ALICE);
    await acceptPasskeyOffer(tab.page);
    await signOut(tab.page);
    await enterUsernameAndMoveOn(tab.page, ALICE.username);
    expect(await signedInUser(tab.page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
    await signOut(tab.page);

    const [lost] = await tab.authenticator.credentials();
    if (!lost) throw new Error('alice has no passkey on the laptop');
    await tab.authenticator.removeCredential(lost.credentialId);
    let seen = laptop.traffic.mark();
    await enterUsernameAndMoveOn(tab.page, ALICE.username);
    expect((await laptop.traffic.next('/v1/ext/login/failure', seen)).status).toBe(200);
    seen = laptop.traffic.mark();
    await clickOverlay(tab.page, 'pkc-login-passkey');
    expect((await laptop.traffic.next('/v1/ext/login/failure', seen)).status).toBe(200);
    await clickOverlay(tab.page, 'pkc-use-password');
    await tab.page.goto(`${stack.shop.origin}/login`);
    seen = laptop.traffic.mark();
    await enterUsernameAndMoveOn(tab.page, ALICE.username);
    expect(await laptop.traffic.loginDecision(seen)).toMatchObject({ decision: 'password', reason: { code: 'repeated-failures' } });
    seen = laptop.traffic.mark();
    await submitPassword(tab.page, ALICE.password);
    expect(await laptop.traffic.appendDecision(seen)).toMatchObject({ decision: 'offer', variant: 'heal' });
    await acceptPasskeyOffer(tab.page);
    await signOut(tab.page);

    seen = laptop.traffic.mark();
    await signInWithPassword(tab.page, BOB);
    await clickOverlay(tab.page, 'pkc-append-skip');
    expect((await laptop.traffic.next('/v1/ext/append/decline', seen)).status).toBe(200);
    await signOut(tab.page);
  });

  afterAll(async () => {
    await Promise.all([laptop, owner].map((device) => device?.close()));
    await stack?.close();
  });

  const siteStats = async (from: string, to: string) => {
    const reply = await fetch(`${stack.companionUrl}/v1/sites/${stack.shop.siteId}/stats?from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${shopSecret}` },
    });
    return siteStatsReplySchema.parse(await reply.json());
  };

  it('the console link enrols a passkey for the owner, who lands on the analytics', async () => {
    const link = await consoleLinkFromCli(stack, stack.shop.siteId);
    expect(link.startsWith(`${stack.companionUrl}/console/#/enrol/inv_`)).toBe(true);
    ownerTab = await consoleTab(owner, link);
    const { page } = ownerTab;
    expect(await textOf(page, 'console-enrol')).toBeTruthy();
    expect(await page.content()).toContain('Shop');
    await fillTestId(page, 'console-owner-name', 'Olivia Owner');
    await consoleScreenshot(page, 'enrol');
    await clickTestId(page, 'console-enrol');
    await page.waitForSelector(byTestId('console-count-passkeyLoginsSucceeded'), { visible: true });
    expect(await ownerTab.authenticator.credentials()).toHaveLength(1);
    await consoleScreenshot(page, 'analytics');
  });

  it('shows exactly the counts of the seed flows, the same numbers as the stats API', async () => {
    const { page } = ownerTab;
    const shown = await countsShown(page);
    expect(shown).toMatchObject({
      passkeyLoginsSucceeded: 1,
      passkeyLoginsFailed: 2,
      appendOffered: 3,
      appendCreated: 2,
      fallbacksToPassword: 1,
      passwordLogins: 3,
      appendSkipped: 1,
      healsCompleted: 1,
      'appendOffered:first-passkey': 2,
      'appendCreated:first-passkey': 1,
      'appendSkipped:first-passkey': 1,
      'appendOffered:heal': 1,
      'appendCreated:heal': 1,
      'reason:repeated-failures': 1,
      usersWithPasskeys: 1,
    });
    // Every counter the page shows is the server's own count over the range it shows.
    const from = await page.$eval(byTestId('console-range-from'), (input) => (input as HTMLInputElement).value);
    const to = await page.$eval(byTestId('console-range-to'), (input) => (input as HTMLInputElement).value);
    const { totals } = await siteStats(from, to);
    for (const [name, count] of Object.entries(shown)) {
      if (name === 'usersWithPasskeys') continue;
      expect([name, count]).toEqual([name, totals[name] ?? 0]);
    }
    // 1 passkey login of 4 successful logins (3 with the password).
    expect(await textOf(page, 'console-passkey-share')).toBe('25%');
    expect(await page.$(`${byTestId('console-chart')} canvas`)).not.toBeNull();
    const csv = await page.$eval(byTestId('console-csv'), (anchor) => (anchor as HTMLAnchorElement).href);
    expect(csv).toContain(`/v1/console/sites/${stack.shop.siteId}/stats.csv?from=${from}&to=${to}`);
  });

  it('a bad date range is refused next to the field', async () => {
    const { page } = ownerTab;
    await fillTestId(page, 'console-range-from', '');
    await page.type(byTestId('console-range-from'), '2031-01-01');
    await clickTestId(page, 'console-range-apply');
    await page.waitForSelector('[data-testid^="field-error-"]', { visible: true });
    await consoleScreenshot(page, 'analytics-bad-range');
  });

  it('the pause switch makes the extension stay out of the way at once; the audit list says who', async () => {
    const { page } = ownerTab;
    await clickTestId(page, 'console-nav-steering');
    await page.waitForSelector(byTestId('console-pause'), { visible: true });
    // A rollout percentage out of range is refused next to its field, and nothing is saved.
    await fillTestId(page, 'rollout.percent', '140');
    await clickTestId(page, 'console-save-policy');
    expect(await textOf(page, 'field-error-rollout.percent')).toBeTruthy();
    await consoleScreenshot(page, 'steering-invalid');
    expect((await stack.companion.store.getSite(stack.shop.siteId))?.policy).toBeUndefined();

    await fillTestId(page, 'rollout.percent', '');
    await page.click(byTestId('console-pause'));
    await clickTestId(page, 'console-save-policy');
    await page.waitForSelector(byTestId('form-saved'), { visible: true });
    expect((await stack.companion.store.getSite(stack.shop.siteId))?.policy).toEqual({ paused: true });
    await consoleScreenshot(page, 'steering');

    // Alice's passkey is there, but the site is paused: the password form is left alone.
    const tab = await laptop.openTab(`${stack.shop.origin}/login`);
    const seen = laptop.traffic.mark();
    await enterUsernameAndMoveOn(tab.page, ALICE.username);
    expect(await laptop.traffic.settledLoginDecision(seen)).toMatchObject({ decision: 'password', reason: { code: 'not-enabled-here' } });

    await clickTestId(page, 'console-nav-audit');
    await page.waitForSelector(byTestId('console-audit-entry'), { visible: true });
    const entries = await page.$$eval(byTestId('console-audit-entry'), (rows) => rows.map((row) => row.textContent ?? ''));
    expect(entries[0]).toContain('console:Olivia Owner');
    expect(entries[0]).toContain('"paused":true');
    await consoleScreenshot(page, 'audit');
  });

  it('another owner joins by a link minted in the console; an owner of the shop sees nothing of the bank', async () => {
    const { page } = ownerTab;
    await clickTestId(page, 'console-nav-owners');
    await clickTestId(page, 'console-create-invite');
    const link = await textOf(page, 'console-invite-link');
    await consoleScreenshot(page, 'owners');

    const colleague = await consoleTab(laptop, link.trim());
    await fillTestId(colleague.page, 'console-owner-name', 'Colin');
    await clickTestId(colleague.page, 'console-enrol');
    await colleague.page.waitForSelector(byTestId('console-count-passkeyLoginsSucceeded'), { visible: true });
    const owners = await stack.companion.store.listConsoleOwners(stack.shop.siteId);
    expect(owners.map((o) => o.name)).toEqual(['Olivia Owner', 'Colin']);

    // Colin is taken off again (two clicks): his console no longer shows the shop.
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector(byTestId('console-remove-owner'), { visible: true });
    await consoleScreenshot(page, 'owners-two');
    const colinRow = `${byTestId('console-owner')}:nth-of-type(2)`;
    await page.locator(`${colinRow} ${byTestId('console-remove-owner')}`).click();
    await page.locator(`${colinRow} ${byTestId('console-remove-owner-confirm')}`).click();
    await waitUntil(async () => (await page.$$(byTestId('console-owner'))).length === 1, { what: 'Colin to be gone from the list' });
    expect((await stack.companion.store.listConsoleOwners(stack.shop.siteId)).map((o) => o.name)).toEqual(['Olivia Owner']);
    await colleague.page.reload({ waitUntil: 'load' });
    await colleague.page.waitForSelector(byTestId('console-not-found'), { visible: true });

    // The link is used up: opening it again gives a clear page.
    await colleague.page.goto(link.trim(), { waitUntil: 'load' });
    await colleague.page.reload({ waitUntil: 'load' });
    await colleague.page.waitForSelector(byTestId('console-invalid-link'), { visible: true });
    await consoleScreenshot(colleague.page, 'invalid-link');

    await page.goto(`${stack.companionUrl}/console/#/sites/${stack.bank.siteId}`, { waitUntil: 'load' });
    await page.waitForSelector(byTestId('console-not-found'), { visible: true });
    await consoleScreenshot(page, 'not-found');
    await colleague.page.close();
  });

  it('a signed-in owner opening a link for another site adds it, without a new passkey; the sites list shows both', async () => {
    const { page } = ownerTab;
    const link = await consoleLinkFromCli(stack, stack.bank.siteId);
    await page.goto(link, { waitUntil: 'load' });
    await page.waitForSelector(byTestId('console-accept-invite'), { visible: true });
    expect(await page.content()).toContain('Bank');
    await consoleScreenshot(page, 'accept-invite');
    await clickTestId(page, 'console-accept-invite');
    await page.waitForSelector(byTestId('console-count-passkeyLoginsSucceeded'), { visible: true });
    expect(await ownerTab.authenticator.credentials()).toHaveLength(1);

    await page.goto(`${stack.companionUrl}/console/#/`, { waitUntil: 'load' });
    await page.waitForSelector(byTestId(`console-site-link-${stack.bank.siteId}`), { visible: true });
    expect(await page.$(byTestId(`console-site-link-${stack.shop.siteId}`))).not.toBeNull();
    await consoleScreenshot(page, 'sites');
  });

  it('signing out ends the session; signing in again takes the passkey', async () => {
    const { page } = ownerTab;
    await page.goto(`${stack.companionUrl}/console/`, { waitUntil: 'load' });
    await clickTestId(page, 'console-signout');
    await page.waitForSelector(byTestId('console-signin'), { visible: true });
    await consoleScreenshot(page, 'signin');
    await clickTestId(page, 'console-signin');
    await page.waitForSelector(byTestId(`console-site-link-${stack.shop.siteId}`), { visible: true });
  });

  it('a session that ended gets a clear page, not a stack trace', async () => {
    const { page } = ownerTab;
    await clickTestId(page, `console-site-link-${stack.shop.siteId}`);
    // Everything the page loads is in before the cookie goes.
    await page.waitForSelector(byTestId('console-count-passkeyLoginsSucceeded'), { visible: true });
    // The session cookie goes (as when it expires; expiry itself is tested on the server with an
    // injected clock): the page's next call is refused and it says so.
    const cookies = await page.cookies();
    const session = cookies.find((cookie) => cookie.name === 'pkc_console');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    await page.deleteCookie({ name: 'pkc_console', url: stack.companionUrl });
    await clickTestId(page, 'console-nav-steering');
    await page.waitForSelector(byTestId('console-session-ended'), { visible: true });
    await consoleScreenshot(page, 'session-ended');
  });

  describe('self-service registration (CONSOLE_SELF_SERVICE=true)', () => {
    let site: RunningPartnerSite | undefined;
    let page: Page;

    afterAll(async () => {
      await site?.close();
    });

    it('an owner creates an account, registers the reference partner site, and it goes live once its origin serves the proof', async () => {
      const tab = await consoleTab(owner, `${stack.companionUrl}/console/`);
      page = tab.page;
      await page.deleteCookie({ name: 'pkc_console', url: stack.companionUrl });
      await page.reload({ waitUntil: 'load' });
      await fillTestId(page, 'console-owner-name', 'Sam Selfservice');
      await clickTestId(page, 'console-create-account');
      await clickTestId(page, 'console-register-site');

      // The partner site listens first (its origin has a port), and its backend learns its
      // site id and secret once the owner has registered it in the console.
      let served: OriginProof | undefined;
      let registered: (value: { companionUrl: string; siteId: string; secret: string }) => void = () => undefined;
      let originKnown: (origin: string) => void = () => undefined;
      const origin = new Promise<string>((resolveOrigin) => {
        originKnown = resolveOrigin;
      });
      const starting = startPartnerSite({
        hostname: 'books.localhost',
        port: 0,
        siteName: 'Books',
        users: [ALICE],
        originProof: () => served,
        register: async (where) => {
          originKnown(where.origin);
          return new Promise((resolveRegistration) => {
            registered = resolveRegistration;
          });
        },
      });
      const booksOrigin = await origin;
      await fillTestId(page, 'name', 'Books');
      await fillTestId(page, 'origins', booksOrigin);
      await fillTestId(page, 'loginCallback', `${booksOrigin}/passkey-callback`);
      await clickTestId(page, 'console-register-submit');
      const proofText = await textOf(page, 'console-origin-proof');
      const proof = JSON.parse(proofText.slice(proofText.indexOf('{'), proofText.lastIndexOf('}') + 1)) as OriginProof;
      const secret = (await textOf(page, 'console-new-secret')).trim();
      registered({ companionUrl: stack.companionUrl, siteId: proof.siteId, secret });
      site = await starting;
      await consoleScreenshot(page, 'register');

      // Not served yet: the site stays inactive.
      await clickTestId(page, 'console-verify-origins');
      await page.waitForSelector(byTestId('form-error'), { visible: true });
      expect((await stack.companion.store.getSite(proof.siteId))?.pendingVerification).toBeDefined();
      served = proof;
      await clickTestId(page, 'console-verify-origins');
      await waitUntil(async () => (await stack.companion.store.getSite(proof.siteId))?.pendingVerification === undefined, {
        what: 'the site to go live',
      });
      await consoleScreenshot(page, 'register-verified');

      // An origin added to the live site waits for its own proof; the site stays live meanwhile.
      await page.goto(`${stack.companionUrl}/console/#/sites/${proof.siteId}/steering`, { waitUntil: 'load' });
      const wwwOrigin = booksOrigin.replace('//books.', '//www.books.');
      await fillTestId(page, 'origins', `${booksOrigin}\n${wwwOrigin}`);
      await clickTestId(page, 'console-save-settings');
      await page.waitForSelector(byTestId('console-origin-proof'), { visible: true });
      expect(await page.content()).toContain(`${wwwOrigin}/.well-known/passkey-companion.json`);
      const waiting = await stack.companion.store.getSite(proof.siteId);
      expect([waiting?.origins, waiting?.pendingOrigins?.origins]).toEqual([[booksOrigin], [wwwOrigin]]);
      await consoleScreenshot(page, 'new-origin-pending');
    });
  });
});
