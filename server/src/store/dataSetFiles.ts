import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../errors.ts';
import { AtomicTextFile, isErrno } from './atomicTextFile.ts';
import { parseJsonText, refuseDataFile, validateWith } from './dataFileAdapter.ts';
import { compactDocuments } from './compactDocuments.ts';
import { appendToHistory } from './eventHistory.ts';
import { MANIFEST_VERSION, SHARD_COUNT, manifestSchema, shardDirFor, shardFileName, shardOf, type Manifest } from './manifest.ts';
import type { ConsoleRecordLists } from './consoleRecords.ts';
import { dataFileSchema, type CredentialRecord, type DataFile, type EventRecord, type UserRecord } from './records.ts';
import { eventRecord, eventTuple, parseShardText, shardFileOf, shardFileText, type EventTuple, type UserDocument } from './shardFile.ts';

/*
 * Reading and writing a whole data set on disk: the manifest (the data file) and its shard
 * files. The store reads once at start; writing everything happens when a data set from
 * format 1 is upgraded, and when a data set is created elsewhere (the benchmark, an import).
 */

export interface DataSetOnDisk {
  manifest: Manifest;
  documents: UserDocument[];
  /** Shard files found on disk that the manifest doesn't list yet (written just before a crash). */
  unlisted: number[];
  /** The data file was in format 1; nothing has been written yet. */
  format1: DataFile | undefined;
}

const SHARD_NAME = /^[0-9a-f]{3}\.json$/;

/** Undefined when there is no data file (a new store). */
export async function readDataSetFiles(dataFile: string): Promise<DataSetOnDisk | undefined> {
  const text = await new AtomicTextFile(dataFile).read();
  const shardDir = shardDirFor(dataFile);
  const shardNames = await listShardFiles(shardDir);
  if (text === null) {
    if (shardNames.length > 0) throw refuseDataFile(dataFile, `is missing while ${shardDir} holds users`);
    return undefined;
  }
  const json = parseJsonText(dataFile, text);
  const version = typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
  if (version === 1) {
    const data = validateWith(dataFile, dataFileSchema, json);
    return { manifest: manifestOf(data, []), documents: documentsOf(data), unlisted: [], format1: data };
  }
  if (version !== MANIFEST_VERSION) {
    throw refuseDataFile(dataFile, `is in format ${String(version)}, which this server does not know (written by a newer version?)`);
  }
  const manifest = validateWith(dataFile, manifestSchema, json);
  const onDisk = new Set(shardNames.map((name) => Number.parseInt(name, 16)));
  const missing = manifest.shards.filter((shard) => !onDisk.has(shard));
  if (missing.length > 0) {
    throw refuseDataFile(dataFile, `lists shard files missing from ${shardDir} (${missing.map(shardFileName).join(', ')})`);
  }
  const documents: UserDocument[] = [];
  const shared = new Map<string, unknown>();
  const pending = [...onDisk];
  // A few reads in flight, so the disk works while a parsed shard is compacted. The order of
  // documents doesn't matter: a username shared by two users is settled by seq.
  const parsed = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const out: UserDocument[] = [];
      for (let shard = pending.pop(); shard !== undefined; shard = pending.pop()) {
        const shardDocuments = await readShard(shardDir, shard);
        compactDocuments(shardDocuments, shared);
        out.push(...shardDocuments);
      }
      return out;
    }),
  );
  for (const part of parsed) for (const doc of part) documents.push(doc);
  const listed = new Set(manifest.shards);
  return { manifest, documents, unlisted: [...onDisk].filter((shard) => !listed.has(shard)), format1: undefined };
}

async function listShardFiles(shardDir: string): Promise<string[]> {
  try {
    return (await readdir(shardDir)).filter((name) => SHARD_NAME.test(name));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}

async function readShard(shardDir: string, shard: number): Promise<UserDocument[]> {
  const path = join(shardDir, shardFileName(shard));
  return parseShardText(path, await readFile(path, 'utf8'), shard);
}

export function parseManifest(path: string, text: string): Manifest {
  return validateWith(path, manifestSchema, parseJsonText(path, text));
}

/**
 * Writes a complete data set in format 2: every shard first, the manifest last (its rename is
 * the moment the new data set exists). Shard files already there are removed first: without a
 * format 2 manifest naming them they are leftovers of an interrupted write.
 */
export async function writeDataSetFiles(dataFile: string, data: DataFile): Promise<void> {
  const shardDir = shardDirFor(dataFile);
  await rm(shardDir, { recursive: true, force: true });
  await mkdir(shardDir, { recursive: true, mode: 0o700 });
  const byShard = new Map<number, UserDocument[]>();
  for (const doc of documentsOf(data)) {
    const shard = shardOf(doc.siteId, doc.userId);
    const documents = byShard.get(shard) ?? [];
    documents.push(doc);
    byShard.set(shard, documents);
  }
  const shards = [...byShard.keys()];
  const writing = [...shards];
  // A few writes in flight: fsync waits dominate, and thousands at once would exhaust file handles.
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let shard = writing.pop(); shard !== undefined; shard = writing.pop()) {
        const documents = byShard.get(shard) ?? [];
        await new AtomicTextFile(join(shardDir, shardFileName(shard))).write(shardFileText(shardFileOf(shard, documents)));
      }
    }),
  );
  await new AtomicTextFile(dataFile).write(
    JSON.stringify(
      manifestOf(
        data,
        shards.sort((a, b) => a - b),
      ),
    ),
  );
}

/** Format 1 → format 2: writes the new layout, keeping the old file beside it as `<data file>.format1`. */
export async function upgradeFormat1(dataFile: string, data: DataFile): Promise<string> {
  const backup = `${dataFile}.format1`;
  await copyFile(dataFile, backup);
  await writeDataSetFiles(dataFile, data);
  return backup;
}

function manifestOf(data: DataFile, shards: number[]): Manifest {
  return {
    version: MANIFEST_VERSION,
    shardCount: SHARD_COUNT,
    shards,
    sites: data.sites,
    signingKey: data.signingKey,
    ...(data.previousSigningKeys?.length ? { previousSigningKeys: data.previousSigningKeys } : {}),
    ...(data.siteCounters === undefined ? {} : { siteCounters: data.siteCounters }),
    ...(data.audit === undefined ? {} : { audit: data.audit }),
    // Invites and sessions only when the data set has them: exports leave them out (dataSetOf).
    ...consoleListsOf(data),
    usedTokens: data.usedTokens,
  };
}

/** The console's lists a data set holds, leaving out absent ones (a manifest without a console stays as it was). */
function consoleListsOf(data: ConsoleRecordLists): ConsoleRecordLists {
  const { consoleOwners, consolePasskeys, consoleInvites, consoleSessions } = data;
  return {
    ...(consoleOwners === undefined ? {} : { consoleOwners }),
    ...(consolePasskeys === undefined ? {} : { consolePasskeys }),
    ...(consoleInvites === undefined ? {} : { consoleInvites }),
    ...(consoleSessions === undefined ? {} : { consoleSessions }),
  };
}

/**
 * One document per (site, user), in the order format 1 listed users (by their latest put), so
 * a username shared by two users still belongs to the later one. Credentials and events of a
 * user without a user record get a document too.
 */
export function documentsOf(data: DataFile): UserDocument[] {
  const documents = new Map<string, Draft>();
  const documentFor = (siteId: string, userId: string) => {
    const key = `${siteId}\n${userId}`;
    let doc = documents.get(key);
    if (!doc) {
      doc = { siteId, userId, seq: documents.size, user: undefined, credentials: [], events: [] };
      documents.set(key, doc);
    }
    return doc;
  };
  for (const user of data.users) documentFor(user.siteId, user.userId).user = user;
  for (const credential of data.credentials) documentFor(credential.siteId, credential.userId).credentials.push(credential);
  const histories = new Map<Draft, EventRecord[]>();
  for (const event of data.events) {
    const doc = documentFor(event.siteId, event.userId);
    histories.set(doc, appendToHistory(histories.get(doc) ?? [], event));
  }
  for (const [doc, history] of histories) doc.events = history.map(eventTuple);
  return [...documents.values()];
}

type Draft = {
  siteId: string;
  userId: string;
  seq: number;
  user: UserRecord | undefined;
  credentials: CredentialRecord[];
  events: EventTuple[];
};

/** The inverse of documentsOf: a whole data set in format 1 (tests, exports). */
export function dataSetOf(manifest: Manifest, documents: readonly UserDocument[]): DataFile {
  const ordered = [...documents].sort((a, b) => a.seq - b.seq);
  return {
    version: 1,
    sites: manifest.sites,
    users: ordered.flatMap((doc) => (doc.user ? [doc.user] : [])),
    credentials: ordered.flatMap((doc) => doc.credentials),
    events: ordered.flatMap((doc) => doc.events.map((tuple) => eventRecord(doc, tuple))),
    signingKey: manifest.signingKey,
    ...(manifest.previousSigningKeys?.length ? { previousSigningKeys: manifest.previousSigningKeys } : {}),
    ...(manifest.siteCounters === undefined ? {} : { siteCounters: manifest.siteCounters }),
    ...(manifest.audit === undefined || manifest.audit.length === 0 ? {} : { audit: manifest.audit }),
    // The console's owners and passkeys travel; its invites and sessions don't: they are
    // short-lived (an enrolment link, a sign-in), and a copy should not carry live sign-ins.
    ...consoleListsOf({ consoleOwners: manifest.consoleOwners, consolePasskeys: manifest.consolePasskeys }),
    usedTokens: manifest.usedTokens,
  };
}

/** Reads a data set in either format as one format 1 object, without taking the lock (tests, exports). */
export async function readDataSet(dataFile: string): Promise<DataFile> {
  const onDisk = await readDataSetFiles(dataFile);
  if (!onDisk) throw new ApiError('storage_failed', `there is no data file at ${dataFile}`);
  return onDisk.format1 ?? dataSetOf(onDisk.manifest, onDisk.documents);
}
