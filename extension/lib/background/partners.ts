import { z } from 'zod';
import { partnerSchema, partnersReplySchema, type Partner } from '@pkc/shared';
import type { CompanionCall } from './companionClient.ts';
import { readServerUrl } from './settings.ts';
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

/** The stored partner cache as it is, whichever server it came from; undefined when missing or malformed. */
export async function readStoredPartnerCache(storage: StorageArea): Promise<PartnerCache | undefined> {
  const parsed = partnerCacheSchema.safeParse((await storage.get(STORAGE_KEYS.partnerCache))[STORAGE_KEYS.partnerCache]);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The cached partners for `serverUrl`. A cache from another server is worth nothing: its
 * site ids mean nothing to the new server, so it reads as empty.
 */
export async function readPartnerCache(storage: StorageArea, serverUrl: string): Promise<Partner[]> {
  const cache = await readStoredPartnerCache(storage);
  return cache?.serverUrl === serverUrl ? cache.partners : [];
}

/** The configured server and its cached partners: what the message router checks senders against. */
export async function readCurrentPartners(storage: StorageArea): Promise<{ serverUrl: string; partners: Partner[] }> {
  const serverUrl = await readServerUrl(storage);
  return { serverUrl, partners: await readPartnerCache(storage, serverUrl) };
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
