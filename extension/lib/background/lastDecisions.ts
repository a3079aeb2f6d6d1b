import { z } from 'zod';
import { appendVariantSchema, reasonSchema } from '@pkc/shared';
import { changeSiteRecord, readSiteRecord, writeSiteRecord } from './siteRecords.ts';
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

function parseLastDecision(stored: unknown): LastDecision | undefined {
  const parsed = lastDecisionSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

export async function readLastDecision(storage: StorageArea, siteId: string): Promise<LastDecision | undefined> {
  return parseLastDecision(await readSiteRecord(storage, 'lastDecision', siteId));
}

export function recordLastDecision(storage: StorageArea, siteId: string, decision: LastDecision): Promise<void> {
  return writeSiteRecord(storage, 'lastDecision', siteId, decision);
}

/** Changes the stored decision, if there is one, in the same serialized step as reading it. */
export function amendLastDecision(
  storage: StorageArea,
  siteId: string,
  amend: (last: LastDecision) => LastDecision | undefined,
): Promise<void> {
  return changeSiteRecord(storage, 'lastDecision', siteId, (stored) => {
    const last = parseLastDecision(stored);
    return last && amend(last);
  });
}
