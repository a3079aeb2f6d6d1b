import { describe, expect, it } from 'vitest';
import { clickOverlay, overlaySelector, screenshot, waitForOverlay } from '../harness/overlay.ts';
import { forgetOverlayViews, overlayViewsShown } from '../harness/overlayViews.ts';
import { signInWithPassword, signOut, signedInUser } from '../harness/partnerPage.ts';
import { openPopupAbout } from '../harness/popup.ts';
import { BOB } from '../harness/stack.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * F6 — don't nag: "not now" backs off (3 skips → 30 days), "not on this device" means never
 * here; both are visible in the popup and can be reset there.
 */
describe('F6: skips back off, "not on this device" sticks, the popup shows and resets both', () => {
  const world = oneDeviceWorld();

  /** A password login as bob; returns the companion's append decision for it. */
  async function passwordLogin() {
    const { page } = world.tab;
    if (page.url().endsWith('/dashboard')) await signOut(page);
    const seen = world.device.traffic.mark();
    await signInWithPassword(page, BOB);
    expect((await signedInUser(page)).username).toBe('bob');
    return world.device.traffic.appendDecision(seen);
  }

  async function skipOffer(choice: 'pkc-append-skip' | 'pkc-append-never') {
    const seen = world.device.traffic.mark();
    await clickOverlay(world.tab.page, choice);
    expect((await world.device.traffic.next('/v1/ext/append/decline', seen)).status).toBe(200);
  }

  /** Escape on the page belongs to the page; Escape in the overlay is "not now". */
  async function skipOfferWithEscape() {
    const { page } = world.tab;
    await waitForOverlay(page, 'pkc-append-skip');
    await page.focus('#sign-out');
    await page.keyboard.press('Escape');
    // The handler runs in the key event itself: had it dismissed the offer, the offer would be gone now.
    expect(await page.$(overlaySelector('pkc-append-skip'))).not.toBeNull();
    const seen = world.device.traffic.mark();
    await (await waitForOverlay(page, 'pkc-append-skip')).focus();
    await page.keyboard.press('Escape');
    expect((await world.device.traffic.next('/v1/ext/append/decline', seen)).status).toBe(200);
    expect(await page.$(overlaySelector('pkc-append-skip'))).toBeNull();
  }

  it('three "not now" answers (one by Escape), then no offer: the popup says when it will ask again', async () => {
    for (let round = 1; round <= 3; round += 1) {
      expect(await passwordLogin()).toMatchObject({ decision: 'offer' });
      if (round === 1) await skipOfferWithEscape();
      else await skipOffer('pkc-append-skip');
    }
    await forgetOverlayViews(world.tab.page);
    expect(await passwordLogin()).toMatchObject({ decision: 'skip', reason: { code: 'backed-off' } });

    const popup = await openPopupAbout(world.device, world.tab.page);
    expect(await popup.text('pkc-popup-site')).toContain('Shop');
    expect(await popup.text('pkc-popup-append-state')).toMatch(/not now” 3 times/);
    // When the offer comes back is the server's call; its sentence names the date.
    expect(await popup.text('pkc-popup-reason')).toMatch(/3 times.*won't be shown on this device again before \d{4}-\d{2}-\d{2}/);
    await screenshot(popup.page, 'f6-popup-backed-off');
    await popup.close();
    // Signing out ends the dashboard page: it showed no offer, nor anything else.
    await signOut(world.tab.page);
    expect(await overlayViewsShown(world.tab.page)).toEqual([]);
  });

  it('a reset in the popup makes the offer come back', async () => {
    const popup = await openPopupAbout(world.device, world.tab.page);
    await popup.reset();
    await popup.close();
    expect(await passwordLogin()).toMatchObject({ decision: 'offer', variant: 'first-passkey' });
    await waitForOverlay(world.tab.page, 'pkc-append-never');
  });

  it('"not on this device" is never asked again here, however often bob signs in', async () => {
    await skipOffer('pkc-append-never');
    for (let round = 1; round <= 2; round += 1) {
      expect(await passwordLogin()).toMatchObject({ decision: 'skip', reason: { code: 'never-on-this-device' } });
    }
    const popup = await openPopupAbout(world.device, world.tab.page);
    expect(await popup.text('pkc-popup-append-state')).toMatch(/Not on this device/);
    expect(await popup.text('pkc-popup-reason')).toMatch(/asked not to be offered a passkey/);
    await popup.reset();
    await popup.close();
    expect(await passwordLogin()).toMatchObject({ decision: 'offer' });
  });
});
