import { createHash } from 'node:crypto';
import type { Adapter } from 'lowdb';
import { z } from 'zod';
import { siteIdSchema } from '@pkc/shared';
import { AtomicTextFile } from './atomicTextFile.ts';
import { parseJsonText, refuseDataFile, validateWith } from './dataFileAdapter.ts';
import { shardOf } from './manifest.ts';
import {
  credentialRecordSchema,
  eventRecordSchema,
  userRecordSchema,
  type CredentialRecord,
  type EventRecord,
  type UserRecord,
} from './records.ts';

/*
 * One shard file of the embedded store (format 2): the users whose (site, user id) hash to
 * this shard, each as one document with its record, its passkeys and its bounded history. A
 * write rewrites one shard (a few dozen users at 100k) instead of the whole data set, and a
 * login's counter and event land in the same document, so one write carries both.
 *
 * A document on disk is the document in memory: JSON.parse gives the store its working set
 * with nothing to copy. Events are tuples, a history being most of a user's bytes, and bytes
 * being what a start parses.
 *
 * The file ends with the sha256 of its users' JSON as this server wrote it (after checking
 * every record against its schema). A start that finds the sum right skips the schema pass,
 * the slowest part of reading 100k users; any other file (edited by hand, damaged, from
 * elsewhere) is validated record by record, as before.
 */

/** [type, devicePseudonym, at] or [type, devicePseudonym, at, detail]. */
export type EventTuple = readonly [EventRecord['type'], string, string] | readonly [EventRecord['type'], string, string, string];

const eventTupleSchema = z.union([
  z.tuple([eventRecordSchema.shape.type, eventRecordSchema.shape.devicePseudonym, eventRecordSchema.shape.at]),
  z.tuple([eventRecordSchema.shape.type, eventRecordSchema.shape.devicePseudonym, eventRecordSchema.shape.at, z.string().max(200)]),
]);

const userDocumentSchema = z.object({
  siteId: siteIdSchema,
  userId: userRecordSchema.shape.userId,
  /** Order of the latest putUser across the whole store: a username shared by two users belongs to the later one. */
  seq: z.number().int().min(0),
  user: userRecordSchema.optional(),
  credentials: z.array(credentialRecordSchema),
  events: z.array(eventTupleSchema),
});

export const SHARD_FORMAT = 2;
export const shardFileSchema = z.object({
  format: z.literal(SHARD_FORMAT),
  shard: z.number().int().min(0),
  users: z.array(userDocumentSchema),
  sha256: z.string().optional(),
});
export interface ShardFile {
  format: typeof SHARD_FORMAT;
  shard: number;
  users: readonly UserDocument[];
}

/**
 * Everything the store keeps about one (site, user). Never changed once made (a change makes
 * a new document), so a snapshot of a shard is just the list of its documents. Records are
 * shared with readers: the store freezes each before handing it out.
 */
export interface UserDocument {
  readonly siteId: string;
  readonly userId: string;
  readonly seq: number;
  readonly user?: UserRecord | undefined;
  readonly credentials: readonly CredentialRecord[];
  /** Oldest first, at most EVENTS_PER_USER. */
  readonly events: readonly EventTuple[];
}

export function eventTuple({ type, devicePseudonym, at, detail }: EventRecord): EventTuple {
  return detail === undefined ? [type, devicePseudonym, at] : [type, devicePseudonym, at, detail];
}

export function eventRecord(doc: Pick<UserDocument, 'siteId' | 'userId'>, [type, devicePseudonym, at, detail]: EventTuple): EventRecord {
  return { siteId: doc.siteId, userId: doc.userId, type, devicePseudonym, at, ...(detail === undefined ? {} : { detail }) };
}

export function shardFileOf(shard: number, documents: Iterable<UserDocument>): ShardFile {
  return { format: SHARD_FORMAT, shard, users: [...documents] };
}

const prefixOf = (shard: number) => `{"format":${SHARD_FORMAT},"shard":${shard},"users":`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** `,"sha256":"<64 hex>"}` */
const SUFFIX_LENGTH = 77;

export function shardFileText(file: ShardFile): string {
  const users = JSON.stringify(file.users);
  return `${prefixOf(file.shard)}${users},"sha256":"${sha256(users)}"}`;
}

/** The documents of shard `shard`, refusing a damaged file or one that belongs to another shard. */
export function parseShardText(path: string, text: string, shard: number): UserDocument[] {
  const prefix = prefixOf(shard);
  const users = text.slice(prefix.length, -SUFFIX_LENGTH);
  const trusted =
    text.startsWith(prefix) &&
    text.slice(-SUFFIX_LENGTH, -SUFFIX_LENGTH + 11) === ',"sha256":"' &&
    text.endsWith('"}') &&
    sha256(users) === text.slice(-66, -2);
  if (trusted) return parseJsonText(path, users) as UserDocument[];
  const file = validateWith(path, shardFileSchema, parseJsonText(path, text));
  const misplaced = file.users.find((doc) => shardOf(doc.siteId, doc.userId) !== shard);
  if (file.shard !== shard || misplaced) throw refuseDataFile(path, 'holds users of another shard (files renamed or copied?)');
  const foreign = file.users.find((doc) =>
    [doc.user, ...doc.credentials].some((record) => record !== undefined && (record.siteId !== doc.siteId || record.userId !== doc.userId)),
  );
  if (foreign) throw refuseDataFile(path, `has a record of another user inside ${foreign.userId}'s document`);
  return file.users;
}

/** lowdb adapter of one shard file: compact JSON with its checksum, validated on read. */
export function shardFileAdapter(path: string, shard: number): Adapter<ShardFile> {
  const file = new AtomicTextFile(path);
  return {
    async read() {
      const text = await file.read();
      return text === null ? null : shardFileOf(shard, parseShardText(path, text, shard));
    },
    // The batch fsyncs the shard folder once for all its files.
    write: (data) => file.write(shardFileText(data), { syncDirectory: false }),
  };
}

/** Records are shared with every reader instead of copied on each read: freezing makes that safe. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
