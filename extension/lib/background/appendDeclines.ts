import { z } from 'zod';
import { STORAGE_KEYS } from './storageKeys.ts';
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

const allSchema = z.record(z.string(), z.unknown());

export async function readAppendDeclines(storage: StorageArea, siteId: string): Promise<AppendDeclines> {
  const all = await readAll(storage);
  const parsed = appendDeclinesSchema.safeParse(all[siteId]);
  return parsed.success ? parsed.data : { skips: [] };
}

export async function recordAppendDecline(storage: StorageArea, siteId: string, choice: 'skip' | 'never', at: number): Promise<void> {
  const all = await readAll(storage);
  const parsed = appendDeclinesSchema.safeParse(all[siteId]);
  const current: AppendDeclines = parsed.success ? parsed.data : { skips: [] };
  const next: AppendDeclines =
    choice === 'skip' ? { ...current, skips: [...current.skips, at].slice(-MAX_SKIPS) } : { ...current, neverAt: at };
  await storage.set({ [STORAGE_KEYS.appendDeclines]: { ...all, [siteId]: next } });
}

export async function forgetAppendDeclines(storage: StorageArea, siteId: string): Promise<void> {
  const all = await readAll(storage);
  const { [siteId]: _forgotten, ...rest } = all;
  await storage.set({ [STORAGE_KEYS.appendDeclines]: rest });
}

async function readAll(storage: StorageArea): Promise<Record<string, unknown>> {
  const stored = await storage.get(STORAGE_KEYS.appendDeclines);
  const parsed = allSchema.safeParse(stored[STORAGE_KEYS.appendDeclines]);
  return parsed.success ? parsed.data : {};
}
