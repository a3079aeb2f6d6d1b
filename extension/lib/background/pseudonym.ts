import { z } from 'zod';
import { STORAGE_KEYS } from './storageKeys.ts';
import type { StorageArea } from './storageArea.ts';

const pseudonymSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
const pseudonymsSchema = z.record(z.string(), z.unknown());

/** 24 random bytes as base64url: 32 url-safe characters (clientSignalsSchema allows 16–64). */
export function newPseudonym(randomBytes: (length: number) => Uint8Array): string {
  const bytes = randomBytes(24);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const cryptoRandomBytes = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length));

/**
 * The device pseudonym for one site (ARCHITECTURE §5): random, generated once per site and
 * kept in extension storage, so the server can tell "this device" apart without a fingerprint
 * and two sites can't correlate the user. Calls are serialized so two concurrent first
 * requests for a site don't mint two pseudonyms.
 */
export function createPseudonymStore(storage: StorageArea, randomBytes = cryptoRandomBytes) {
  let queue: Promise<unknown> = Promise.resolve();

  async function forSiteNow(siteId: string): Promise<string> {
    const stored = await storage.get(STORAGE_KEYS.pseudonyms);
    const parsed = pseudonymsSchema.safeParse(stored[STORAGE_KEYS.pseudonyms]);
    const all = parsed.success ? parsed.data : {};
    const existing = pseudonymSchema.safeParse(all[siteId]);
    if (existing.success) return existing.data;
    const created = newPseudonym(randomBytes);
    await storage.set({ [STORAGE_KEYS.pseudonyms]: { ...all, [siteId]: created } });
    return created;
  }

  return {
    forSite(siteId: string): Promise<string> {
      const next = queue.then(() => forSiteNow(siteId));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
export type PseudonymStore = ReturnType<typeof createPseudonymStore>;

/**
 * Drops one site's pseudonym (popup "Reset for this site"); the background mints a new one on
 * the next request for that site.
 */
export async function forgetPseudonym(storage: StorageArea, siteId: string): Promise<void> {
  const stored = await storage.get(STORAGE_KEYS.pseudonyms);
  const parsed = pseudonymsSchema.safeParse(stored[STORAGE_KEYS.pseudonyms]);
  if (!parsed.success) return;
  const { [siteId]: _forgotten, ...rest } = parsed.data;
  await storage.set({ [STORAGE_KEYS.pseudonyms]: rest });
}
