import { readStoredPartnerCache } from './partners.ts';
import { readServerUrl } from './settings.ts';
import type { StorageArea } from './storageArea.ts';

export const REFRESH_ALARM = 'refresh-partners';
/** Partner sites registered while the browser runs become live within a minute (CONTRACT.md). */
export const REFRESH_PERIOD_MINUTES = 1;

export interface AlarmsApi {
  get(name: string): Promise<unknown>;
  create(name: string, info: { periodInMinutes: number }): Promise<void> | void;
}

/**
 * What the background does each time its service worker wakes (for a message, an alarm, a
 * tab): the browser keeps the alarm and the registered content script between wakes, so the
 * alarm is created only when missing, and the partner list fetched only when the one kept is
 * older than the alarm's period (or from another server, or from a failed fetch).
 */
export async function onWake(deps: { storage: StorageArea; alarms: AlarmsApi; now: () => number; sync: () => void }): Promise<void> {
  if ((await deps.alarms.get(REFRESH_ALARM)) === undefined) {
    await deps.alarms.create(REFRESH_ALARM, { periodInMinutes: REFRESH_PERIOD_MINUTES });
  }
  const [cache, serverUrl] = await Promise.all([readStoredPartnerCache(deps.storage), readServerUrl(deps.storage)]);
  // fetchedAt 0 marks a list kept from before a failed fetch (partnerSync.ts).
  const fresh =
    cache !== undefined &&
    cache.serverUrl === serverUrl &&
    cache.fetchedAt > 0 &&
    deps.now() - cache.fetchedAt < REFRESH_PERIOD_MINUTES * 60_000;
  if (!fresh) deps.sync();
}
