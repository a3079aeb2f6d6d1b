import { z } from 'zod';
import { partnerSchema, partnersReplySchema, type Partner } from '@pkc/shared';
import type { CompanionCall } from './companionClient.ts';
import { STORAGE_KEYS } from './storageKeys.ts';
import type { StorageArea } from './storageArea.ts';
import type { Result } from '../messaging/failure.ts';

/** The partner list as last fetched, tagged with the server it came from. */
export const partnerCacheSchema = z.object({
  serverUrl: z.string(),
  fetchedAt: z.number(),
  partners: z.array(partnerSchema),
});
export type PartnerCache = z.infer<typeof partnerCacheSchema>;

export function fetchPartners(call: CompanionCall, serverUrl: string): Promise<Result<Partner[]>> {
  return call({ serverUrl, method: 'GET', path: '/v1/ext/partners', reply: partnersReplySchema }).then((result) =>
    result.ok ? { ok: true, value: result.value.partners } : result,
  );
}

/**
 * The cached partners for `serverUrl`. A cache from another server is worth nothing: its
 * site ids mean nothing to the new server, so it reads as empty.
 */
export async function readPartnerCache(storage: StorageArea, serverUrl: string): Promise<Partner[]> {
  const stored = await storage.get(STORAGE_KEYS.partnerCache);
  const parsed = partnerCacheSchema.safeParse(stored[STORAGE_KEYS.partnerCache]);
  if (!parsed.success || parsed.data.serverUrl !== serverUrl) return [];
  return parsed.data.partners;
}

export async function writePartnerCache(storage: StorageArea, cache: PartnerCache): Promise<void> {
  await storage.set({ [STORAGE_KEYS.partnerCache]: cache });
}

/** Exact origin match: the only way a sender becomes a partner site. */
export function partnerForOrigin(partners: readonly Partner[], origin: string): Partner | undefined {
  return partners.find((partner) => partner.origins.includes(origin));
}

export function allOrigins(partners: readonly Partner[]): string[] {
  return partners.flatMap((partner) => partner.origins);
}
