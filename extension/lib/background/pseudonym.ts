import { z } from 'zod';
import { createSerialQueue } from './serialQueue.ts';
import { readSiteRecord, writeSiteRecord } from './siteRecords.ts';
import type { StorageArea } from './storageArea.ts';

const pseudonymSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

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
export function createPseudonymStore(storage: StorageArea, randomBytes = cryptoRandomBytes, ready: Promise<unknown> = Promise.resolve()) {
  const enqueue = createSerialQueue();
  // `ready`: the move of an earlier version's records (background start) comes first.
  void enqueue(() => ready);

  async function forSiteNow(siteId: string): Promise<string> {
    const existing = pseudonymSchema.safeParse(await readSiteRecord(storage, 'pseudonym', siteId));
    if (existing.success) return existing.data;
    const created = newPseudonym(randomBytes);
    await writeSiteRecord(storage, 'pseudonym', siteId, created);
    return created;
  }

  return {
    forSite(siteId: string): Promise<string> {
      return enqueue(() => forSiteNow(siteId));
    },
  };
}
export type PseudonymStore = ReturnType<typeof createPseudonymStore>;
