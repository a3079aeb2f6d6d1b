import '../../lib/ui/page.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { readLastDecision } from '../../lib/background/lastDecisions.ts';
import { partnerCacheSchema } from '../../lib/background/partners.ts';
import { readServerUrl } from '../../lib/background/settings.ts';
import { STORAGE_KEYS } from '../../lib/background/storageKeys.ts';
import { Popup } from '../../lib/ui/popup/Popup.tsx';
import { popupModel } from '../../lib/ui/popup/popupModel.ts';

async function main(): Promise<void> {
  const storage = browser.storage.local;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const serverUrl = await readServerUrl(storage);
  const cache = partnerCacheSchema.safeParse((await storage.get(STORAGE_KEYS.partnerCache))[STORAGE_KEYS.partnerCache]);
  const lastDecisions = new Map<string, Awaited<ReturnType<typeof readLastDecision>>>();
  for (const partner of cache.success ? cache.data.partners : []) {
    lastDecisions.set(partner.siteId, await readLastDecision(storage, partner.siteId));
  }
  const model = popupModel({
    tabUrl: tab?.url,
    serverUrl,
    cache: cache.success ? cache.data : undefined,
    lastDecisionFor: (siteId) => lastDecisions.get(siteId),
  });
  const app = document.getElementById('app');
  if (app !== null) render(<Popup model={model} openOptions={() => void browser.runtime.openOptionsPage()} />, app);
}

void main();
