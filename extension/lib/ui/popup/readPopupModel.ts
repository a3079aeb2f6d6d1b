import { readAppendDeclines } from '../../background/appendDeclines.ts';
import { readLastDecision } from '../../background/lastDecisions.ts';
import { readStoredPartnerCache } from '../../background/partners.ts';
import { readServerUrl } from '../../background/settings.ts';
import type { StorageArea } from '../../background/storageArea.ts';
import { readTestSignalOverride } from '../../background/testSignalOverride.ts';
import { popupModel, type PopupModel } from './popupModel.ts';

/** Reads everything the popup shows about the tab's site from extension storage (no network). */
export async function readPopupModel(storage: StorageArea, tabUrl: string | undefined): Promise<PopupModel> {
  const serverUrl = await readServerUrl(storage);
  const cache = await readStoredPartnerCache(storage);
  const signalOverride = await readTestSignalOverride(storage);
  const base = { tabUrl, serverUrl, cache, signalOverride };
  // Which site the tab is on comes from the model itself; only a partner has records to read.
  const withoutRecords = popupModel({ ...base, lastDecisionFor: () => undefined });
  const { site } = withoutRecords;
  if (site.kind !== 'partner') return withoutRecords;
  const lastDecision = await readLastDecision(storage, site.partner.siteId);
  const declines = await readAppendDeclines(storage, site.partner.siteId);
  return popupModel({ ...base, lastDecisionFor: () => lastDecision, declinesFor: () => declines });
}
