import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { createCompanionClient } from '../lib/background/companionClient.ts';
import { createMessageRouter } from '../lib/background/messageRouter.ts';
import { createPasskeyManager, type SignalInPage } from '../lib/background/passkeyManager.ts';
import { callSignalInPage } from '../lib/bridge/pageSignal.ts';
import { onWake, REFRESH_ALARM } from '../lib/background/partnerRefresh.ts';
import { createPartnerSync } from '../lib/background/partnerSync.ts';
import { readCurrentPartners } from '../lib/background/partners.ts';
import { createPseudonymStore } from '../lib/background/pseudonym.ts';
import { moveLegacySiteRecords } from '../lib/background/siteRecords.ts';
import { STORAGE_KEYS } from '../lib/background/storageKeys.ts';
import { internalFailure } from '../lib/messaging/failure.ts';

/**
 * Wiring only: the background is the one network client of the companion server
 * (ARCHITECTURE §3). Logic lives in lib/background.
 */
export default defineBackground(() => {
  const storage = browser.storage.local;
  // Before anything reads a pseudonym: an update keeps this device's per-site pseudonyms.
  const moved = moveLegacySiteRecords(storage).catch((error: unknown) =>
    console.warn('[passkey-companion] moving stored records failed', error),
  );
  const call = createCompanionClient((input, init) => fetch(input, init));
  const now = () => Date.now();
  const partnerSync = createPartnerSync({
    storage,
    scripting: browser.scripting,
    call,
    // Chrome match patterns take a port; Firefox's don't (see matchPatterns.ts).
    portsSupported: !import.meta.env.FIREFOX,
    now,
  });
  const pseudonyms = createPseudonymStore(storage, undefined, moved);
  // The Signal API in the partner page's own world (the popup's "your passkeys").
  const signalInPage: SignalInPage = async (tabId, origin, method, argument) => {
    const [frame] = await browser.scripting.executeScript({
      target: { tabId },
      world: 'MAIN',
      func: callSignalInPage,
      args: [origin, method, argument],
    });
    const outcome: unknown = frame?.result;
    return outcome === 'sent' || outcome === 'unsupported' ? outcome : 'wrong-page';
  };
  const route = createMessageRouter({
    extensionId: browser.runtime.id,
    storage,
    call,
    pseudonyms,
    partners: () => readCurrentPartners(storage),
    now,
    passkeys: {
      manager: createPasskeyManager({ call, sessionStorage: browser.storage.session, pseudonyms, signalInPage, now }),
      extensionPageOrigin: new URL(browser.runtime.getURL('/')).origin,
      tabUrl: async (tabId) => (await browser.tabs.get(tabId).catch(() => undefined))?.url,
    },
  });

  const refresh = () => {
    partnerSync.sync().catch((error: unknown) => console.warn('[passkey-companion] partner sync failed', error));
  };

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    route(message, sender).then(sendResponse, (error: unknown) => sendResponse(internalFailure(error)));
    return true; // the reply is sent asynchronously
  });

  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && STORAGE_KEYS.serverUrl in changes) refresh();
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) refresh();
  });
  onWake({ storage, alarms: browser.alarms, now, sync: refresh }).catch((error: unknown) =>
    console.warn('[passkey-companion] start-up refresh failed', error),
  );
});
