import type { Page } from 'puppeteer-core';
import type { Device } from './device.ts';

interface TabsChrome {
  tabs: { query(filter: Record<string, never>): Promise<Array<{ id?: number; url?: string }>> };
}

export interface PopupView {
  page: Page;
  text(testId: string): Promise<string>;
  /** Clicks the popup's reset for this site and waits until it is confirmed. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the extension's toolbar popup as a tab, about the tab showing `page`
 * (`popup.html?tab=ID`; a headless browser has no toolbar to click).
 */
export async function openPopupAbout(device: Device, page: Page): Promise<PopupView> {
  const url = page.url();
  const tabs = await device.worker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: TabsChrome }).chrome;
    return api.tabs.query({});
  });
  const tabId = tabs.find((tab) => tab.url === url)?.id;
  if (tabId === undefined) throw new Error(`no browser tab shows ${url}`);
  const popup = await device.browser.newPage();
  await popup.goto(`chrome-extension://${device.extensionId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('[data-testid="pkc-popup-site"]');
  return {
    page: popup,
    text: async (testId) => {
      const element = await popup.waitForSelector(`[data-testid="${testId}"]`);
      return (await element?.evaluate((node) => node.textContent ?? '')) ?? '';
    },
    reset: async () => {
      await popup.click('[data-testid="pkc-popup-reset"]');
      await popup.waitForSelector('[data-testid="pkc-popup-reset-done"]');
    },
    close: () => popup.close(),
  };
}
