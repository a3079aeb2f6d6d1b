import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { ARTIFACTS_DIR } from './overlay.ts';

/** What a site owner does in the console's page (console/src), by its test ids. */

export const byTestId = (testId: string) => `[data-testid="${testId}"]`;

/** A locator, not a handle: it retries when the page re-renders the element under it (Preact replaces nodes as data loads). */
export async function clickTestId(page: Page, testId: string): Promise<void> {
  await page.locator(byTestId(testId)).click();
}

/** The whole text of a shown element. */
export async function textOf(page: Page, testId: string): Promise<string> {
  const element = await page.waitForSelector(byTestId(testId), { visible: true });
  return (await element?.evaluate((node) => node.textContent ?? '')) ?? '';
}

/** Replaces an input's value as a person would: select all, type. */
export async function fillTestId(page: Page, testId: string, value: string): Promise<void> {
  await page.waitForSelector(byTestId(testId), { visible: true });
  await page.click(byTestId(testId), { count: 3 });
  await page.keyboard.press('Backspace');
  if (value !== '') await page.type(byTestId(testId), value);
}

/** Every counter the page shows (`console-count-<name>` → its number). */
export async function countsShown(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-testid^="console-count-"]', (nodes) =>
    Object.fromEntries(
      nodes.map((node) => [
        node.getAttribute('data-testid')?.slice('console-count-'.length) ?? '',
        Number((node.textContent ?? '').replace(/[^\d]/g, '')),
      ]),
    ),
  );
}

/** A screenshot of a console page, full height (e2e/artifacts/screenshots/console-<name>.png). */
export async function consoleScreenshot(page: Page, name: string): Promise<void> {
  const dir = join(ARTIFACTS_DIR, 'screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `console-${name}.png`) as `${string}.png`, fullPage: true });
}
