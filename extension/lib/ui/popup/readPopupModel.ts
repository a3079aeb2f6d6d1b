import { readAppendDeclines } from '../../background/appendDeclines.ts';
import { readLastDecision } from '../../background/lastDecisions.ts';
import { partnerCacheSchema } from '../../background/partners.ts';
import { readServerUrl } from '../../background/settings.ts';
import type { StorageArea } from '../../background/storageArea.ts';
import { STORAGE_KEYS } from '../../background/storageKeys.ts';
import { readTestSignalOverride } from '../../background/testSignalOverride.ts';
import { popupModel, type PopupModel } from './popupModel.ts';

/** Reads everything the popup shows about the tab's site from extension storage (no network). */
export async function readPopupModel(storage: StorageArea, tabUrl: string | undefined): Promise<PopupModel> {
  const serverUrl = await readServerUrl(storage);
  const parsed = partnerCacheSchema.safeParse((await storage.get(STORAGE_KEYS.partnerCache))[STORAGE_KEYS.partnerCache]);
  const cache = parsed.success ? parsed.data : undefined;
  const signalOverride = await readTestSignalOverride(storage);
  const base = { tabUrl, serverUrl, cache, signalOverride };
  const site = popupModel({ ...base, lastDecisionFor: () => undefined }).site;
  if (site.kind !== 'partner') return popupModel({ ...base, lastDecisionFor: () => undefined });
  const lastDecision = await readLastDecision(storage, site.partner.siteId);
  const declines = await readAppendDeclines(storage, site.partner.siteId);
  return popupModel({ ...base, lastDecisionFor: () => lastDecision, declinesFor: () => declines });
}
