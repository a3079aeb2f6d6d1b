import { z } from 'zod';
import { appendVariantSchema, reasonSchema } from '@pkc/shared';
import { STORAGE_KEYS } from './storageKeys.ts';
import { forgetSiteRecord, readSiteRecords } from './siteRecords.ts';
import type { StorageArea } from './storageArea.ts';

/** What the server last decided on a site, with its human sentence (shown in the popup). */
export const lastDecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('login'), decision: z.enum(['passkey', 'hybrid', 'password']), reason: reasonSchema, at: z.number() }),
  z.object({
    kind: z.literal('append'),
    decision: z.enum(['offer', 'skip']),
    variant: appendVariantSchema.optional(),
    reason: reasonSchema,
    at: z.number(),
  }),
]);
export type LastDecision = z.infer<typeof lastDecisionSchema>;

export async function readLastDecision(storage: StorageArea, siteId: string): Promise<LastDecision | undefined> {
  const parsed = lastDecisionSchema.safeParse((await readSiteRecords(storage, STORAGE_KEYS.lastDecisions))[siteId]);
  return parsed.success ? parsed.data : undefined;
}

export async function recordLastDecision(storage: StorageArea, siteId: string, decision: LastDecision): Promise<void> {
  const all = await readSiteRecords(storage, STORAGE_KEYS.lastDecisions);
  await storage.set({ [STORAGE_KEYS.lastDecisions]: { ...all, [siteId]: decision } });
}

export function forgetLastDecision(storage: StorageArea, siteId: string): Promise<void> {
  return forgetSiteRecord(storage, STORAGE_KEYS.lastDecisions, siteId);
}
