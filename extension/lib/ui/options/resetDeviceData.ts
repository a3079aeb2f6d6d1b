import { STORAGE_KEYS } from '../../background/storageKeys.ts';
import type { StorageArea } from '../../background/storageArea.ts';

/**
 * Forgets this device's per-site pseudonyms and the remembered decisions: to the server this
 * device then looks new (its back-off and failure history stay with the old pseudonyms).
 */
export async function resetDeviceData(storage: StorageArea): Promise<void> {
  await storage.remove([STORAGE_KEYS.pseudonyms, STORAGE_KEYS.lastDecisions, STORAGE_KEYS.appendDeclines]);
}
