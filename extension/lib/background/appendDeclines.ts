import { z } from 'zod';
import { changeSiteRecord, readSiteRecord } from './siteRecords.ts';
import type { StorageArea } from './storageArea.ts';

const MAX_SKIPS = 20;

/**
 * This device's answers to append offers on one site (ARCHITECTURE §4 F6), kept only so the
 * popup can show them and reset them. The server owns the real back-off; this is a display copy.
 */
export const appendDeclinesSchema = z.object({
  /** When "not now" was chosen, oldest first (bounded). */
  skips: z.array(z.number()).max(MAX_SKIPS),
  /** When "not on this device" was chosen, if it was. */
  neverAt: z.number().optional(),
});
export type AppendDeclines = z.infer<typeof appendDeclinesSchema>;

function parseDeclines(stored: unknown): AppendDeclines {
  const parsed = appendDeclinesSchema.safeParse(stored);
  return parsed.success ? parsed.data : { skips: [] };
}

export async function readAppendDeclines(storage: StorageArea, siteId: string): Promise<AppendDeclines> {
  return parseDeclines(await readSiteRecord(storage, 'appendDeclines', siteId));
}

export function recordAppendDecline(storage: StorageArea, siteId: string, choice: 'skip' | 'never', at: number): Promise<void> {
  return changeSiteRecord(storage, 'appendDeclines', siteId, (stored) => {
    const current = parseDeclines(stored);
    return choice === 'skip' ? { ...current, skips: [...current.skips, at].slice(-MAX_SKIPS) } : { ...current, neverAt: at };
  });
}
