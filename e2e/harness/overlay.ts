import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';

/** Shadow host id and test ids are product surface (CONTRACT.md "Overlay"). */
export type OverlayTestId =
  | 'pkc-login-passkey'
  | 'pkc-login-hybrid'
  | 'pkc-use-password'
  | 'pkc-login-error'
  | 'pkc-append-create'
  | 'pkc-append-skip'
  | 'pkc-append-never'
  | 'pkc-append-done';

export const overlaySelector = (testId: OverlayTestId) => `#passkey-companion >>> [data-testid="${testId}"]`;

export async function waitForOverlay(page: Page, testId: OverlayTestId, timeoutMs = 10_000): Promise<ElementHandle> {
  const element = await page.waitForSelector(overlaySelector(testId), { visible: true, timeout: timeoutMs });
  if (element === null) throw new Error(`overlay element ${testId} not found`);
  return element;
}

export async function clickOverlay(page: Page, testId: OverlayTestId): Promise<void> {
  const element = await waitForOverlay(page, testId);
  await element.click();
}

/** Accepts the passkey offer and waits for the overlay to say the passkey was created. */
export async function acceptPasskeyOffer(page: Page): Promise<void> {
  await clickOverlay(page, 'pkc-append-create');
  await waitForOverlay(page, 'pkc-append-done');
}

export const ARTIFACTS_DIR = resolve(import.meta.dirname, '../artifacts');

/** Keeps a picture of an overlay state as a test artifact (look at them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ARTIFACTS_DIR, 'screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) as `${string}.png` });
}
