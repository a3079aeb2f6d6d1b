import { forgetSite } from './siteRecords.ts';
import type { StorageArea } from './storageArea.ts';

/**
 * "Reset for this site" (F6): the server keys back-off and "not on this device" by the device
 * pseudonym, so dropping this site's pseudonym makes the next request come from a fresh device
 * (a new one is minted on first use) and the skips no longer apply. The local records go too.
 * The server keeps the old pseudonym's history; it just no longer matches this device.
 */
export function resetSite(storage: StorageArea, siteId: string): Promise<void> {
  // One remove of the site's own keys: nothing read first, nothing of another site written back.
  return forgetSite(storage, siteId);
}
