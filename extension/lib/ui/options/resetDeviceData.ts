import { forgetAllSites } from '../../background/siteRecords.ts';
import type { StorageArea } from '../../background/storageArea.ts';

/**
 * Forgets this device's per-site pseudonyms and the remembered decisions: to the server this
 * device then looks new (its back-off and failure history stay with the old pseudonyms).
 */
export function resetDeviceData(storage: StorageArea): Promise<void> {
  return forgetAllSites(storage);
}
