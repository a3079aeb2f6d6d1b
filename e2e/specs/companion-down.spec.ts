import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Device, type Tab } from '../harness/device.ts';
import { FaultyProxy, type Fault } from '../harness/faultyProxy.ts';
import { overlaySelector } from '../harness/overlay.ts';
import { forgetOverlayViews, overlayViewsShown } from '../harness/overlayViews.ts';
import { enterUsernameAndMoveOn, signOut, signedInUser, submitPassword } from '../harness/partnerPage.ts';
import { ALICE, startStack, type Stack } from '../harness/stack.ts';
import { collectUncaughtErrors } from '../harness/uncaughtErrors.ts';

/**
 * F7 — the companion is down, hanging, erroring or talking nonsense: the partner site's password
 * login works exactly as without the extension, and the extension gives up within its budget.
 */
describe('F7: companion server unreachable, slow or wrong', () => {
  let stack: Stack;
  let proxy: FaultyProxy;
  let device: Device;
  let tab: Tab;
  let workerErrors: string[];
  let pageErrors: string[];
  const measured: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    proxy = await FaultyProxy.start(stack.companionUrl);
    device = await Device.launch('desktop');
    workerErrors = await collectUncaughtErrors(await device.worker.client);
    await device.useCompanion(proxy.url, [stack.shop.origin]);
    tab = await device.openTab(`${stack.shop.origin}/login`);
    pageErrors = await collectUncaughtErrors(await tab.page.createCDPSession());
  });

  afterAll(async () => {
    if (measured.length > 0) console.log(`F7 give-up times (login/start): ${measured.join(', ')}`);
    await device?.close();
    await proxy?.close();
    await stack?.close();
  });

  const faults: Fault[] = ['refuse', 'hang', 'error-500', 'rate-limited', 'garbage'];

  it.each(faults)('%s: password login works, no overlay, nothing thrown', async (fault) => {
    const { page } = tab;
    if (page.url().endsWith('/dashboard')) await signOut(page);
    await forgetOverlayViews(page);
    proxy.fault = fault;

    const seen = device.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    // The user does not wait for the extension: the site's own submit goes through at once.
    await submitPassword(page, ALICE.password);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with your password.' });
    if (fault === 'hang') {
      // Still hanging when the dashboard arrived: the extension did not hold the submit back.
      expect(device.traffic.exchanges.slice(seen).some((e) => e.path === '/v1/ext/login/start')).toBe(false);
    }

    const decision = await device.traffic.next('/v1/ext/login/start', seen, 15_000);
    measured.push(`${fault} ${decision.elapsedMs} ms`);
    // The dashboard carries an append grant (the site's hook talks to the companion directly);
    // the extension's append request fails through the proxy and no popup appears.
    await device.traffic.next('/v1/ext/append/start', seen, 15_000);
    // Signing out ends the dashboard page: by then it has shown whatever it was going to.
    await signOut(page);
    expect(await overlayViewsShown(page)).toEqual([]);
    expect(workerErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('comes back to normal once the companion does', async () => {
    const { page } = tab;
    proxy.fault = 'none';
    const seen = device.traffic.mark();
    await enterUsernameAndMoveOn(page, ALICE.username);
    expect((await device.traffic.next('/v1/ext/login/start', seen)).status).toBe(200);
    await submitPassword(page, ALICE.password);
    expect((await page.waitForSelector(overlaySelector('pkc-append-create'), { visible: true })) !== null).toBe(true);
  });
});
