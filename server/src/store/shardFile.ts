import { z } from 'zod';
import { siteIdSchema } from '@pkc/shared';
import { credentialRecordSchema, eventRecordSchema, userRecordSchema, type CredentialRecord, type EventRecord, type UserRecord } from './records.ts';

/*
 * One shard file of the embedded store (format 2): the users whose (site, user id) hash to
 * this shard, each as one document with its passkeys and its bounded history. A write
 * rewrites one shard (a few dozen users at 100k) instead of the whole data set, and a login's
 * counter and event land in the same document, so one write carries both.
 *
 * Site and user id are written once per document, not per passkey and per event: they are
 * most of a history's bytes, and bytes are what startup parses.
 */

const credentialOnDisk = credentialRecordSchema.omit({ siteId: true, userId: true });
/** [type, devicePseudonym, at] or [type, devicePseudonym, at, detail]. */
const eventOnDisk = z.union([
  z.tuple([eventRecordSchema.shape.type, eventRecordSchema.shape.devicePseudonym, eventRecordSchema.shape.at]),
  z.tuple([
    eventRecordSchema.shape.type,
    eventRecordSchema.shape.devicePseudonym,
    eventRecordSchema.shape.at,
    z.string().max(200),
  ]),
]);

export const userDocumentSchema = z.object({
  siteId: siteIdSchema,
  userId: userRecordSchema.shape.userId,
  /** Order of the latest putUser across the whole store: a username shared by two users belongs to the later one. */
  seq: z.number().int().min(0),
  user: userRecordSchema.omit({ siteId: true, userId: true }).optional(),
  credentials: z.array(credentialOnDisk),
  events: z.array(eventOnDisk),
});

export const SHARD_FORMAT = 2;
export const shardFileSchema = z.object({
  format: z.literal(SHARD_FORMAT),
  shard: z.number().int().min(0),
  users: z.array(userDocumentSchema),
});
export type ShardFile = z.infer<typeof shardFileSchema>;

/** Everything the store keeps about one (site, user): records frozen, shared with every reader. */
export interface UserDocument {
  readonly siteId: string;
  readonly userId: string;
  readonly seq: number;
  readonly user: UserRecord | undefined;
  readonly credentials: readonly CredentialRecord[];
  /** Oldest first, at most EVENTS_PER_USER. */
  readonly events: readonly EventRecord[];
}

export function decodeShard(file: ShardFile): UserDocument[] {
  return file.users.map((doc) => {
    const { siteId, userId } = doc;
    return {
      siteId,
      userId,
      seq: doc.seq,
      user: doc.user && deepFreeze({ siteId, userId, ...doc.user }),
      credentials: doc.credentials.map((credential) => deepFreeze({ ...credential, siteId, userId })),
      events: doc.events.map(([type, devicePseudonym, at, detail]) =>
        Object.freeze({ siteId, userId, type, devicePseudonym, at, ...(detail === undefined ? {} : { detail }) }),
      ),
    };
  });
}

export function encodeShard(shard: number, documents: Iterable<UserDocument>): ShardFile {
  const users: ShardFile['users'] = [];
  for (const doc of documents) {
    users.push({
      siteId: doc.siteId,
      userId: doc.userId,
      seq: doc.seq,
      ...(doc.user ? { user: withoutOwner(doc.user) } : {}),
      credentials: doc.credentials.map(withoutOwner),
      events: doc.events.map(({ type, devicePseudonym, at, detail }) =>
        detail === undefined ? [type, devicePseudonym, at] : [type, devicePseudonym, at, detail],
      ),
    });
  }
  return { format: SHARD_FORMAT, shard, users };
}

function withoutOwner<T extends { siteId: string; userId: string }>(record: T): Omit<T, 'siteId' | 'userId'> {
  const { siteId: _siteId, userId: _userId, ...rest } = record;
  return rest;
}

/** Records are shared with every reader instead of copied on each read: freezing makes that safe. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
