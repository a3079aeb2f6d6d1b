import { z } from 'zod';
import { createSerialQueue } from './serialQueue.ts';
import type { StorageArea } from './storageArea.ts';
import { STORAGE_KEYS } from './storageKeys.ts';

/** What the extension keeps per partner site. */
export type SiteRecordKind = 'pseudonym' | 'lastDecision' | 'appendDeclines';
const KINDS: readonly SiteRecordKind[] = ['pseudonym', 'lastDecision', 'appendDeclines'];

/**
 * One storage key per site and kind (`pseudonym:site_…`). A write to one site's entry never
 * rewrites another's, and a reset is one `remove`, so the popup (its own JS context) and the
 * background can't undo each other's change by writing back a map they read earlier.
 */
export function siteRecordKey(kind: SiteRecordKind, siteId: string): string {
  return `${kind}:${siteId}`;
}

/** One site's entry, unparsed: the caller validates it with its own schema. */
export async function readSiteRecord(storage: StorageArea, kind: SiteRecordKind, siteId: string): Promise<unknown> {
  const key = siteRecordKey(kind, siteId);
  return (await storage.get(key))[key];
}

export function writeSiteRecord(storage: StorageArea, kind: SiteRecordKind, siteId: string, value: unknown): Promise<void> {
  return storage.set({ [siteRecordKey(kind, siteId)]: value });
}

/**
 * Read-change-write of one entry, one after another within this context (the background):
 * two changes of the same entry from two tabs both land. `change` returns undefined to leave
 * the entry as it is.
 */
const changes = createSerialQueue();
export function changeSiteRecord(
  storage: StorageArea,
  kind: SiteRecordKind,
  siteId: string,
  change: (current: unknown) => unknown,
): Promise<void> {
  return changes(async () => {
    const next = change(await readSiteRecord(storage, kind, siteId));
    if (next !== undefined) await writeSiteRecord(storage, kind, siteId, next);
  });
}

/** Drops everything kept for one site (popup "Reset for this site"); other sites keep theirs. */
export function forgetSite(storage: StorageArea, siteId: string): Promise<void> {
  return storage.remove(KINDS.map((kind) => siteRecordKey(kind, siteId)));
}

/** Drops everything kept for every site (options "Reset this device"). */
export async function forgetAllSites(storage: StorageArea): Promise<void> {
  const keys = Object.keys(await storage.get(null)).filter((key) => KINDS.some((kind) => key.startsWith(`${kind}:`)));
  await storage.remove([...keys, ...LEGACY_MAPS.map(([key]) => key)]);
}

/** Before one key per site, each kind was one map `Record<siteId, entry>` under these keys. */
const LEGACY_MAPS: ReadonlyArray<readonly [string, SiteRecordKind]> = [
  [STORAGE_KEYS.legacyPseudonyms, 'pseudonym'],
  [STORAGE_KEYS.legacyLastDecisions, 'lastDecision'],
  [STORAGE_KEYS.legacyAppendDeclines, 'appendDeclines'],
];
const legacyMapSchema = z.record(z.string(), z.unknown());

/**
 * Moves entries kept by an earlier version into their own keys (once, at the background's
 * start), so an update keeps this device's pseudonyms: the server's history of this device
 * stays this device's.
 */
export async function moveLegacySiteRecords(storage: StorageArea): Promise<void> {
  const stored = await storage.get(LEGACY_MAPS.map(([key]) => key));
  const moved: Record<string, unknown> = {};
  for (const [legacyKey, kind] of LEGACY_MAPS) {
    const map = legacyMapSchema.safeParse(stored[legacyKey]);
    if (!map.success) continue;
    for (const [siteId, entry] of Object.entries(map.data)) moved[siteRecordKey(kind, siteId)] = entry;
  }
  const present = LEGACY_MAPS.map(([key]) => key).filter((key) => key in stored);
  if (present.length === 0) return;
  if (Object.keys(moved).length > 0) await storage.set(moved);
  await storage.remove(present);
}
