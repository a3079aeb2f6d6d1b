import { z } from 'zod';
import type { StorageArea } from './storageArea.ts';
import type { STORAGE_KEYS } from './storageKeys.ts';

/** The storage keys that hold one entry per partner site (`Record<siteId, …>`). */
export type SiteRecordsKey = (typeof STORAGE_KEYS)['pseudonyms' | 'lastDecisions' | 'appendDeclines'];

const siteRecordsSchema = z.record(z.string(), z.unknown());

/**
 * Every site's entry under `key`, each still unparsed: the caller validates the one it reads
 * with its own schema. A missing or malformed map reads as empty.
 */
export async function readSiteRecords(storage: StorageArea, key: SiteRecordsKey): Promise<Record<string, unknown>> {
  const parsed = siteRecordsSchema.safeParse((await storage.get(key))[key]);
  return parsed.success ? parsed.data : {};
}

/** Drops one site's entry under `key` (popup "Reset for this site"); other sites keep theirs. */
export async function forgetSiteRecord(storage: StorageArea, key: SiteRecordsKey, siteId: string): Promise<void> {
  const all = await readSiteRecords(storage, key);
  if (!(siteId in all)) return;
  const { [siteId]: _forgotten, ...rest } = all;
  await storage.set({ [key]: rest });
}
