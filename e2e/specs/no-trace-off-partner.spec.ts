import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ID } from '@pkc/shared';
import { serveOtherSite, type OtherSite } from '../harness/otherSite.ts';
import { acceptPasskeyOffer } from '../harness/overlay.ts';
import { enterUsernameAndMoveOn, signInWithPassword, signOut, signedInUser } from '../harness/partnerPage.ts';
import { ALICE } from '../harness/stack.ts';
import { oneDeviceWorld } from '../harness/world.ts';

/**
 * Security review round 2, finding 8: any website could tell the extension is installed by
 * fetching its web-accessible bridge under the fixed extension id. The bridge now has a
 * per-session URL: a page that isn't a partner's finds nothing there, and partner pages get
 * the bridge as before.
 */
describe("no trace of the extension on a page that is not a partner's", () => {
  const world = oneDeviceWorld();
  let stranger: OtherSite | undefined;

  beforeAll(async () => {
    stranger = await serveOtherSite('stranger.localhost', () => '<!doctype html><title>Some other site</title><h1>Hello</h1>');
  });
  afterAll(() => stranger?.close());

  it("fetching the bridge under the extension's fixed id fails", async () => {
    const { page } = world.tab;
    await page.goto(stranger?.origin ?? '');
    const outcome = await page.evaluate(async (id: string) => {
      try {
        const response = await fetch(`chrome-extension://${id}/webauthn-bridge.js`);
        return `status ${response.status}`;
      } catch {
        return 'not reachable';
      }
    }, EXTENSION_ID);
    expect(outcome).toBe('not reachable');
  });

  it("on the partner's page the bridge still works: a passkey is created and signs alice in", async () => {
    const { page } = world.tab;
    await page.goto(`${world.stack.shop.origin}/login`);
    await signInWithPassword(page, ALICE);
    await acceptPasskeyOffer(page);
    await signOut(page);
    await enterUsernameAndMoveOn(page, ALICE.username);
    expect(await signedInUser(page)).toEqual({ username: 'alice', signedInWith: 'Signed in with a passkey.' });
  });
});
