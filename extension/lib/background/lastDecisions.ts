import { z } from 'zod';
import { appendVariantSchema, reasonSchema } from '@pkc/shared';
import { STORAGE_KEYS } from './storageKeys.ts';
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
const lastDecisionsSchema = z.record(z.string(), z.unknown());

export async function readLastDecision(storage: StorageArea, siteId: string): Promise<LastDecision | undefined> {
  const all = await readAll(storage);
  const parsed = lastDecisionSchema.safeParse(all[siteId]);
  return parsed.success ? parsed.data : undefined;
}

export async function recordLastDecision(storage: StorageArea, siteId: string, decision: LastDecision): Promise<void> {
  const all = await readAll(storage);
  await storage.set({ [STORAGE_KEYS.lastDecisions]: { ...all, [siteId]: decision } });
}

async function readAll(storage: StorageArea): Promise<Record<string, unknown>> {
  const stored = await storage.get(STORAGE_KEYS.lastDecisions);
  const parsed = lastDecisionsSchema.safeParse(stored[STORAGE_KEYS.lastDecisions]);
  return parsed.success ? parsed.data : {};
}

export async function forgetLastDecision(storage: StorageArea, siteId: string): Promise<void> {
  const { [siteId]: _forgotten, ...rest } = await readAll(storage);
  await storage.set({ [STORAGE_KEYS.lastDecisions]: rest });
}
