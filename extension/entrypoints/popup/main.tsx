import '../../lib/ui/page.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { readPopupModel } from '../../lib/ui/popup/readPopupModel.ts';
import { Popup } from '../../lib/ui/popup/Popup.tsx';
import { tabIdFromSearch } from '../../lib/ui/popup/popupModel.ts';
import { passkeysClient } from '../../lib/ui/popup/passkeyList.ts';
import { resetSite } from '../../lib/background/siteReset.ts';

/** The tab the popup is about: `?tab=<id>` when given (e2e harness, popup opened as a tab), else the active tab. */
async function currentTab(): Promise<{ id?: number | undefined; url?: string | undefined } | undefined> {
  const tabId = tabIdFromSearch(location.search);
  if (tabId !== undefined) return browser.tabs.get(tabId).catch(() => undefined);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

const formatDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

async function main(): Promise<void> {
  const storage = browser.storage.local;
  const app = document.getElementById('app');
  if (app === null) return;
  const tab = await currentTab();
  const tabUrl = tab?.url;
  // One client for the popup's life: the passkey list is asked for once, not on every render.
  const passkeys =
    tab?.id === undefined ? undefined : passkeysClient((message) => browser.runtime.sendMessage(message), tab.id, formatDate);
  const show = async (): Promise<void> => {
    const model = await readPopupModel(storage, tabUrl);
    render(
      <Popup
        model={model}
        passkeys={passkeys}
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
