import '../../lib/ui/page.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { readPopupModel } from '../../lib/ui/popup/readPopupModel.ts';
import { Popup } from '../../lib/ui/popup/Popup.tsx';
import { tabIdFromSearch } from '../../lib/ui/popup/popupModel.ts';
import { resetSite } from '../../lib/background/siteReset.ts';

/** The tab the popup is about: `?tab=<id>` when given (e2e harness, popup opened as a tab), else the active tab. */
async function currentTabUrl(): Promise<string | undefined> {
  const tabId = tabIdFromSearch(location.search);
  if (tabId !== undefined) return (await browser.tabs.get(tabId).catch(() => undefined))?.url;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.url;
}

async function main(): Promise<void> {
  const storage = browser.storage.local;
  const app = document.getElementById('app');
  if (app === null) return;
  const tabUrl = await currentTabUrl();
  const show = async (): Promise<void> => {
    const model = await readPopupModel(storage, tabUrl);
    render(
      <Popup
        model={model}
        openOptions={() => void browser.runtime.openOptionsPage().catch(() => undefined)}
        resetSite={async (siteId) => {
          await resetSite(storage, siteId);
          await show();
        }}
      />,
      app,
    );
  };
  await show();
}

// A popup that can't read its model says so instead of staying blank.
main().catch((error: unknown) => {
  const app = document.getElementById('app');
  if (app) app.textContent = `Passkey Companion could not load: ${error instanceof Error ? error.message : String(error)}`;
});
