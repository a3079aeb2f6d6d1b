import { z } from 'zod';
import { dataFileSchema } from './records.ts';

/*
 * The data file itself (format 2): what is not about one user of a site — the sites, the token
 * signing key, redeemed token ids, the console's owners, invites and sessions — and which shard
 * files exist. Users, passkeys and histories live in shard files beside it (shardFile.ts), in
 * `<data file>.users/`.
 */

/** 4096 shards: at 100k users a write rewrites about 25 users' documents (~50 KB). */
export const SHARD_COUNT = 4096;
export const MANIFEST_VERSION = 2;

/** The data set's records that aren't one user's (records.ts dataFileSchema), with the shard list. */
export const manifestSchema = dataFileSchema
  .pick({
    sites: true,
    signingKey: true,
    previousSigningKeys: true,
    siteCounters: true,
    audit: true,
    consoleOwners: true,
    consolePasskeys: true,
    consoleInvites: true,
    consoleSessions: true,
    usedTokens: true,
  })
  .extend({
    version: z.literal(MANIFEST_VERSION),
    shardCount: z.literal(SHARD_COUNT),
    /** Shards that have a file: one listed here and missing on disk means the data set is damaged. */
    shards: z.array(
      z
        .number()
        .int()
        .min(0)
        .max(SHARD_COUNT - 1),
    ),
  });
export type Manifest = z.infer<typeof manifestSchema>;

export function emptyManifest(): Manifest {
  return { version: MANIFEST_VERSION, shardCount: SHARD_COUNT, shards: [], sites: [], signingKey: null, usedTokens: [] };
}

export function shardDirFor(dataFile: string): string {
  return `${dataFile}.users`;
}

export function shardFileName(shard: number): string {
  return `${shard.toString(16).padStart(3, '0')}.json`;
}

/** FNV-1a over "site\nuser": stable across versions and platforms, and cheap. */
export function shardOf(siteId: string, userId: string): number {
  const key = `${siteId}\n${userId}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SHARD_COUNT;
}
