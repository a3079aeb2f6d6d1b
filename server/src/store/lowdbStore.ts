import { mkdir, readdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { ApiError } from '../errors.ts';
import { removeLeftoverTempFile, syncDirectory } from './atomicTextFile.ts';
import { BatchCommit } from './batchCommit.ts';
import { ConsoleRecords } from './consoleRecords.ts';
import { summarizeCredentialLists } from './credentialSummary.ts';
import { validatedJsonFile } from './dataFileAdapter.ts';
import { parseManifest, readDataSetFiles, upgradeFormat1 } from './dataSetFiles.ts';
import { appendToHistory } from './eventHistory.ts';
import { acquireFileLock, type FileLock } from './fileLock.ts';
import { emptyManifest, shardDirFor, shardFileName, shardOf, type Manifest } from './manifest.ts';
import {
  credentialRecordSchema,
  eventRecordSchema,
  signingKeyRecordSchema,
  siteRecordSchema,
  userRecordSchema,
  type ConsoleInviteRecord,
  type ConsoleOwnerRecord,
  type ConsolePasskeyRecord,
  type ConsoleSessionRecord,
  type CredentialRecord,
  type CredentialSummary,
  type EventRecord,
  type SigningKeyRecord,
  type SiteCounters,
  type AuditEntry,
  auditEntrySchema,
  AUDIT_ENTRIES_PER_SITE,
  type SiteRecord,
  type UserRecord,
} from './records.ts';
import { DocumentIndex, userKey } from './documentIndex.ts';
import { deepFreeze, eventRecord, eventTuple, shardFileAdapter, shardFileOf, type ShardFile, type UserDocument } from './shardFile.ts';
import { addCounts, requireSameOwner, requireSameSite, type Store } from './Store.ts';

/** One shard's documents, what its file holds, and its lowdb instance. */
interface Shard {
  readonly index: number;
  readonly documents: Map<string, UserDocument>;
  /** The documents as last written: what a failed write rolls back to. */
  onDisk: Map<string, UserDocument>;
  readonly db: Low<ShardFile>;
}

/**
 * What is written must read back: a record is checked against the schema the next start
 * validates with (and copied by it, so the caller's object stays the caller's). A record
 * that fails is a bug upstream of the store, not bad input: every input was validated at
 * the boundary.
 */
function storable<T>(schema: { parse(value: unknown): T }, record: T): T {
  return deepFreeze(schema.parse(record));
}

const storageFailed = (what: string) => (cause: unknown) =>
  new ApiError('storage_failed', `could not write ${what}; nothing was saved`, { cause });

/**
 * The embedded default Store: lowdb files owned by this process. The data file (the manifest)
 * holds sites, the signing keys, redeemed token ids, counters, audit lists and the console's
 * records; every user's record, passkeys and history live in one of SHARD_COUNT shard files, so
 * a change rewrites one small file.
 *
 * Memory is the working set and the index; records are frozen and shared with readers, never
 * copied. A user's document is replaced, never edited, so a shard's last written state is
 * just a map of the documents it held. Writes go through BatchCommit (group commit, one batch in
 * flight): a failed write rolls that file's part of memory back and fails every caller whose
 * change it carried.
 */
export class LowdbStore implements Store {
  private readonly sites = new Map<string, SiteRecord>();
  /** Oldest first; the manifest holds the last as `signingKey`, the rest as `previousSigningKeys`. */
  private signingKeys: readonly SigningKeyRecord[] = [];
  private readonly usedTokens = new Map<string, number>();
  private siteCounters: SiteCounters = {};
  private audit: readonly AuditEntry[] = [];
  /** The site-owner console's owners, passkeys, invites and sessions: few, so they live in the manifest. */
  private readonly consoleRecords = new ConsoleRecords();
  /** Shards with a file on disk (the manifest lists them, so a lost one is noticed at start). */
  private readonly shardsWritten = new Set<number>();
  private manifestOnDisk: Manifest;
  /** The data file's own queue: a batch of one file. */
  private readonly manifestCommits: BatchCommit<'manifest', Manifest>;

  private readonly shards = new Map<number, Shard>();
  private readonly shardCommits: BatchCommit<Shard, Map<string, UserDocument>>;
  private readonly index = new DocumentIndex();
  private closed = false;

  private constructor(
    private readonly dataFile: string,
    readonly lock: FileLock,
    manifest: Manifest,
    documents: readonly UserDocument[],
  ) {
    this.manifestOnDisk = manifest;
    this.loadManifest(manifest);
    lock.onLost(() => {
      // Another server judged this one dead and took the data set over: writing on would
      // make two owners. Every change from now on is refused (503 storage_failed).
      this.closed = true;
      console.error(`${dataFile}: the lock was taken over by another process; this server no longer writes`);
    });
    const manifestDb = new Low<Manifest>(validatedJsonFile(dataFile, parseManifest), manifest);
    this.manifestCommits = new BatchCommit<'manifest', Manifest>({
      snapshot: () => this.manifestSnapshot(),
      write: (_file, snapshot) => {
        manifestDb.data = snapshot;
        return manifestDb.write();
      },
      // AtomicTextFile fsyncs the data file's folder with every write of it.
      afterWrites: async () => undefined,
      written: (_file, snapshot) => {
        this.manifestOnDisk = snapshot;
      },
      rollback: () => this.loadManifest(this.manifestOnDisk),
      wrapError: storageFailed('the data file'),
    });
    const shardDir = shardDirFor(dataFile);
    this.shardCommits = new BatchCommit({
      snapshot: (shard) => new Map(shard.documents),
      write: (shard, snapshot) => this.writeShard(shard, snapshot),
      afterWrites: () => syncDirectory(shardDir),
      written: (shard, snapshot) => {
        shard.onDisk = snapshot;
      },
      rollback: (shard) => this.rollbackShard(shard),
      wrapError: storageFailed('a shard file'),
    });
    for (const doc of documents) {
      const shard = this.shardFor(doc.siteId, doc.userId);
      shard.documents.set(userKey(doc.siteId, doc.userId), doc);
      this.index.add(doc);
    }
    for (const shard of this.shards.values()) shard.onDisk = new Map(shard.documents);
  }

  /** Takes the file's lock (refusing a second live owner), reads and validates every file, upgrades format 1. */
  static async open(dataFile: string): Promise<LowdbStore> {
    await mkdir(dirname(dataFile), { recursive: true });
    const lock = await acquireFileLock(dataFile);
    try {
      // Only the lock owner may clean up: a temp file now is a write a killed owner left behind.
      await removeLeftoverTempFiles(dataFile);
      const onDisk = await readDataSetFiles(dataFile);
      const format1 = onDisk?.format1;
      const upgradedFrom = format1 ? await upgradeFormat1(dataFile, format1) : undefined;
      const store = new LowdbStore(dataFile, lock, onDisk?.manifest ?? emptyManifest(), onDisk?.documents ?? []);
      store.upgradeBackup = upgradedFrom;
      if (!onDisk) await store.manifestCommits.flush('manifest');
      for (const shard of onDisk?.unlisted ?? []) store.shardsWritten.add(shard);
      await store.sweepOrphans();
      if (onDisk?.unlisted.length) await store.manifestCommits.flush('manifest');
      return store;
    } catch (error) {
      await lock.release();
      if (error instanceof ApiError) throw error;
      throw new ApiError('storage_failed', `cannot open the data file ${dataFile}: ${String(error)}`, { cause: error });
    }
  }

  /** Where the format 1 file was kept when this open upgraded it. */
  upgradeBackup: string | undefined;

  private loadManifest(manifest: Manifest): void {
    this.sites.clear();
    for (const site of manifest.sites) this.sites.set(site.id, deepFreeze(site));
    this.signingKeys = deepFreeze([...(manifest.previousSigningKeys ?? []), ...(manifest.signingKey ? [manifest.signingKey] : [])]);
    this.usedTokens.clear();
    for (const token of manifest.usedTokens) this.usedTokens.set(token.jti, token.exp);
    this.siteCounters = manifest.siteCounters ?? {};
    this.audit = manifest.audit ?? [];
    this.consoleRecords.load(manifest);
    this.shardsWritten.clear();
    for (const shard of manifest.shards) this.shardsWritten.add(shard);
  }

  private manifestSnapshot(): Manifest {
    return {
      ...emptyManifest(),
      shards: [...this.shardsWritten].sort((a, b) => a - b),
      sites: [...this.sites.values()],
      signingKey: this.signingKeys.at(-1) ?? null,
      ...(this.signingKeys.length > 1 ? { previousSigningKeys: this.signingKeys.slice(0, -1) } : {}),
      usedTokens: [...this.usedTokens].map(([jti, exp]) => ({ jti, exp })),
      siteCounters: this.siteCounters,
      audit: [...this.audit],
      ...this.consoleRecords.lists(),
    };
  }

  /**
   * Users of a site that is no longer in the manifest: a site removal is committed in the
   * manifest first, then in the shards; a crash in between leaves these behind.
   */
  private async sweepOrphans(): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const shard of this.shards.values()) {
      const orphans = [...shard.documents.values()].filter((doc) => !this.sites.has(doc.siteId));
      for (const doc of orphans) this.replaceDocument(shard, doc, undefined);
      if (orphans.length > 0) writes.push(this.shardCommits.flush(shard));
    }
    await Promise.all(writes);
  }

  private shardFor(siteId: string, userId: string): Shard {
    const index = shardOf(siteId, userId);
    let shard = this.shards.get(index);
    if (!shard) {
      const path = join(shardDirFor(this.dataFile), shardFileName(index));
      shard = {
        index,
        documents: new Map(),
        onDisk: new Map(),
        db: new Low<ShardFile>(shardFileAdapter(path, index), shardFileOf(index, [])),
      };
      this.shards.set(index, shard);
    }
    return shard;
  }

  private async writeShard(shard: Shard, snapshot: Map<string, UserDocument>): Promise<void> {
    shard.db.data = shardFileOf(shard.index, snapshot.values());
    if (this.shardsWritten.size === 0) await mkdir(shardDirFor(this.dataFile), { recursive: true, mode: 0o700 });
    await shard.db.write();
    if (!this.shardsWritten.has(shard.index)) {
      this.shardsWritten.add(shard.index);
      // The shard is on disk whatever happens to this write: the file is read at start, listed
      // or not, and a failed listing is retried with the next manifest write.
      this.manifestCommits.flush('manifest').catch(() => undefined);
    }
  }

  private rollbackShard(shard: Shard): void {
    for (const doc of shard.documents.values()) this.index.remove(doc);
    shard.documents.clear();
    for (const [key, doc] of shard.onDisk) {
      shard.documents.set(key, doc);
      this.index.add(doc);
    }
  }

  private replaceDocument(shard: Shard, previous: UserDocument | undefined, next: UserDocument | undefined): void {
    if (previous) this.index.remove(previous);
    if (next) {
      shard.documents.set(userKey(next.siteId, next.userId), next);
      this.index.add(next);
    } else if (previous) {
      shard.documents.delete(userKey(previous.siteId, previous.userId));
    }
  }

  /**
   * Every change to a user's document: computed from the current one, swapped in memory in
   * this synchronous section, then written with its shard.
   */
  private changeDocument(siteId: string, userId: string, change: (current: UserDocument) => UserDocument): Promise<void> {
    this.requireOpen();
    const shard = this.shardFor(siteId, userId);
    const current = shard.documents.get(userKey(siteId, userId));
    this.replaceDocument(shard, current, change(current ?? { siteId, userId, seq: 0, user: undefined, credentials: [], events: [] }));
    return this.shardCommits.flush(shard);
  }

  /** Every mutation starts here: a closed store must not change memory it will never write. */
  private requireOpen(): void {
    if (this.closed) throw new ApiError('storage_failed', 'the store is closed');
  }

  /** Whether changes are still accepted: false once closed or once another process took the lock over. */
  get writable(): boolean {
    return !this.closed;
  }

  private document(siteId: string, userId: string): UserDocument | undefined {
    return this.index.get(siteId, userId);
  }

  async listSites(): Promise<SiteRecord[]> {
    return [...this.sites.values()];
  }

  async getSite(siteId: string): Promise<SiteRecord | undefined> {
    return this.sites.get(siteId);
  }

  async putSite(site: SiteRecord): Promise<void> {
    this.requireOpen();
    this.sites.set(site.id, storable(siteRecordSchema, site));
    await this.manifestCommits.flush('manifest');
  }

  async updateSite(siteId: string, change: (current: SiteRecord) => SiteRecord | undefined): Promise<SiteRecord | undefined> {
    this.requireOpen();
    // Read, changed and swapped in one synchronous section; a removed site has nothing to change.
    const current = this.sites.get(siteId);
    if (current === undefined) return undefined;
    const next = change(current);
    if (next === undefined) return current;
    requireSameSite(current, next);
    const record = storable(siteRecordSchema, next);
    this.sites.set(siteId, record);
    await this.manifestCommits.flush('manifest');
    return record;
  }

  async removeSite(siteId: string): Promise<boolean> {
    this.requireOpen();
    if (!this.sites.delete(siteId)) return false;
    const { [siteId]: _gone, ...otherSites } = this.siteCounters;
    this.siteCounters = otherSites;
    this.audit = this.audit.filter((entry) => entry.siteId !== siteId);
    this.consoleRecords.removeSite(siteId);
    // The manifest first: once the site is gone from it, its users are orphans the next start sweeps.
    await this.manifestCommits.flush('manifest');
    await this.sweepOrphans();
    return true;
  }

  async getUser(siteId: string, userId: string): Promise<UserRecord | undefined> {
    return deepFreeze(this.document(siteId, userId)?.user);
  }

  async findUserByUsername(siteId: string, username: string): Promise<UserRecord | undefined> {
    return deepFreeze(this.index.byUsername(siteId, username)?.user);
  }

  async putUser(user: UserRecord): Promise<void> {
    const record = storable(userRecordSchema, user);
    await this.changeDocument(user.siteId, user.userId, (doc) => ({ ...doc, seq: this.index.nextSeq(), user: record }));
  }

  async getCredential(credentialId: string): Promise<CredentialRecord | undefined> {
    return this.credential(credentialId);
  }

  private credential(credentialId: string): CredentialRecord | undefined {
    // Records read from disk are frozen when first handed out: freezing 200k at start costs seconds.
    return deepFreeze(this.index.ownerOf(credentialId)?.credentials.find((credential) => credential.id === credentialId));
  }

  async listCredentials(siteId: string, userId: string): Promise<CredentialRecord[]> {
    return (this.document(siteId, userId)?.credentials ?? []).map(deepFreeze);
  }

  async putCredential(credential: CredentialRecord): Promise<void> {
    this.requireOpen();
    // A credential id belongs to one user of one site forever (WebAuthn L3 §7.1 step 26):
    // even two concurrent registrations of one id cannot move it to another account.
    const owner = this.index.ownerOf(credential.id);
    if (owner !== undefined && (owner.siteId !== credential.siteId || owner.userId !== credential.userId)) {
      throw new ApiError('credential_exists', 'this passkey is already registered');
    }
    const record = storable(credentialRecordSchema, credential);
    await this.changeDocument(credential.siteId, credential.userId, (doc) => ({
      ...doc,
      credentials: withCredential(doc.credentials, record),
    }));
  }

  async updateCredential(
    id: string,
    change: (current: CredentialRecord) => CredentialRecord | undefined,
    withEvent?: EventRecord,
  ): Promise<CredentialRecord | undefined> {
    this.requireOpen();
    // Read, changed and swapped in one synchronous section: nothing can run in between.
    const current = this.credential(id);
    const next = current === undefined ? undefined : change(current);
    if (current === undefined || next === undefined) return undefined;
    requireSameOwner(current, next, withEvent);
    const record = storable(credentialRecordSchema, next);
    const event = withEvent && storable(eventRecordSchema, withEvent);
    await this.changeDocument(current.siteId, current.userId, (doc) => ({
      ...doc,
      credentials: withCredential(doc.credentials, record),
      events: event ? historyWith(doc, event) : doc.events,
    }));
    return record;
  }

  async removeCredential(id: string): Promise<CredentialRecord | undefined> {
    this.requireOpen();
    const removed = this.credential(id);
    if (removed === undefined) return undefined;
    await this.changeDocument(removed.siteId, removed.userId, (doc) => ({
      ...doc,
      credentials: doc.credentials.filter((credential) => credential.id !== id),
    }));
    return removed;
  }

  async recordEvent(event: EventRecord): Promise<void> {
    const record = storable(eventRecordSchema, event);
    await this.changeDocument(event.siteId, event.userId, (doc) => ({ ...doc, events: historyWith(doc, record) }));
  }

  async listEvents(siteId: string, userId: string): Promise<EventRecord[]> {
    const doc = this.document(siteId, userId);
    return doc ? doc.events.map((tuple) => eventRecord(doc, tuple)) : [];
  }

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    return [...this.signingKeys];
  }

  async addSigningKey(key: SigningKeyRecord, options?: { onlyIfNone?: boolean }): Promise<boolean> {
    this.requireOpen();
    if ((options?.onlyIfNone && this.signingKeys.length > 0) || this.signingKeys.some((kept) => kept.kid === key.kid)) return false;
    this.signingKeys = [...this.signingKeys, storable(signingKeyRecordSchema, key)];
    await this.manifestCommits.flush('manifest');
    return true;
  }

  async removeSigningKey(kid: string): Promise<boolean> {
    this.requireOpen();
    const kept = this.signingKeys.filter((key) => key.kid !== kid);
    if (kept.length === this.signingKeys.length) return false;
    this.signingKeys = kept;
    await this.manifestCommits.flush('manifest');
    return true;
  }

  async markTokenUsed(jti: string, exp: number, nowSeconds: number): Promise<boolean> {
    this.requireOpen();
    for (const [used, usedExp] of this.usedTokens) if (usedExp < nowSeconds) this.usedTokens.delete(used);
    if (this.usedTokens.has(jti)) return false;
    this.usedTokens.set(jti, exp);
    await this.manifestCommits.flush('manifest');
    return true;
  }

  async addToCounters(siteId: string, day: string, counts: Readonly<Record<string, number>>): Promise<void> {
    this.requireOpen();
    if (!this.sites.has(siteId)) return;
    const days = this.siteCounters[siteId] ?? {};
    // Replaced, never changed in place: the manifest snapshot of a write in flight may share it.
    this.siteCounters = { ...this.siteCounters, [siteId]: { ...days, [day]: addCounts(days[day], counts) } };
    await this.manifestCommits.flush('manifest');
  }

  async readCounters(siteId: string, from: string, to: string): Promise<Record<string, Record<string, number>>> {
    return Object.fromEntries(Object.entries(this.siteCounters[siteId] ?? {}).filter(([day]) => day >= from && day <= to));
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    this.requireOpen();
    if (!this.sites.has(entry.siteId)) return;
    const record = storable(auditEntrySchema, entry);
    const mine = this.audit.filter((kept) => kept.siteId === entry.siteId);
    const dropped = mine.length >= AUDIT_ENTRIES_PER_SITE ? mine[0] : undefined;
    this.audit = [...this.audit.filter((kept) => kept !== dropped), record];
    await this.manifestCommits.flush('manifest');
  }

  async listAudit(siteId: string, limit: number): Promise<AuditEntry[]> {
    return this.audit
      .filter((entry) => entry.siteId === siteId)
      .slice(-limit)
      .reverse();
  }

  async summarizeCredentials(siteId: string): Promise<CredentialSummary> {
    // One pass over this site's documents (the index keeps them by site), not over every user.
    return summarizeCredentialLists(Array.from(this.index.ofSite(siteId), (doc) => doc.credentials));
  }

  async getConsoleOwner(ownerId: string): Promise<ConsoleOwnerRecord | undefined> {
    return this.consoleRecords.getOwner(ownerId);
  }

  async putConsoleOwner(owner: ConsoleOwnerRecord): Promise<void> {
    this.requireOpen();
    this.consoleRecords.putOwner(owner);
    await this.manifestCommits.flush('manifest');
  }

  async listConsoleOwners(siteId: string): Promise<ConsoleOwnerRecord[]> {
    return this.consoleRecords.ownersOf(siteId);
  }

  async addConsoleOwnerSite(ownerId: string, siteId: string, maxSites: number): Promise<'added' | 'already' | 'full' | 'no-owner'> {
    this.requireOpen();
    // Checked and added in this synchronous step: two requests at once can't both pass the cap.
    const outcome = this.consoleRecords.addOwnerSite(ownerId, siteId, maxSites);
    if (outcome === 'added') await this.manifestCommits.flush('manifest');
    return outcome;
  }

  async removeConsoleOwnerSite(ownerId: string, siteId: string): Promise<boolean> {
    this.requireOpen();
    const removed = this.consoleRecords.removeOwnerSite(ownerId, siteId);
    if (removed) await this.manifestCommits.flush('manifest');
    return removed;
  }

  async getConsolePasskey(credentialId: string): Promise<ConsolePasskeyRecord | undefined> {
    return this.consoleRecords.getPasskey(credentialId);
  }

  async putConsolePasskey(passkey: ConsolePasskeyRecord): Promise<void> {
    this.requireOpen();
    this.consoleRecords.putPasskey(passkey);
    await this.manifestCommits.flush('manifest');
  }

  async addConsoleInvite(invite: ConsoleInviteRecord): Promise<void> {
    this.requireOpen();
    // An invite to a site that is gone would outlive the cascade that removes its invites.
    if (!this.sites.has(invite.siteId)) return;
    this.consoleRecords.addInvite(invite);
    await this.manifestCommits.flush('manifest');
  }

  async countConsoleInvites(siteId: string, nowIso: string): Promise<number> {
    return this.consoleRecords.countInvites(siteId, nowIso);
  }

  async getConsoleInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined> {
    return this.consoleRecords.getInvite(tokenHash, nowIso);
  }

  async takeConsoleInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined> {
    this.requireOpen();
    // Taken in this synchronous step: a second taker finds nothing. A failed write puts it back.
    const invite = this.consoleRecords.takeInvite(tokenHash, nowIso);
    if (invite) await this.manifestCommits.flush('manifest');
    return invite;
  }

  async putConsoleSession(session: ConsoleSessionRecord): Promise<void> {
    this.requireOpen();
    this.consoleRecords.putSession(session);
    await this.manifestCommits.flush('manifest');
  }

  async getConsoleSession(idHash: string, nowIso: string): Promise<ConsoleSessionRecord | undefined> {
    return this.consoleRecords.getSession(idHash, nowIso);
  }

  async removeConsoleSession(idHash: string): Promise<void> {
    this.requireOpen();
    if (this.consoleRecords.removeSession(idHash)) await this.manifestCommits.flush('manifest');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Let pending writes land (or fail and roll back) before giving up ownership.
    await this.shardCommits.idle();
    await this.manifestCommits.idle();
    await this.lock.release();
  }
}

function historyWith(doc: UserDocument, event: EventRecord): UserDocument['events'] {
  return appendToHistory(
    doc.events.map((tuple) => eventRecord(doc, tuple)),
    event,
  ).map(eventTuple);
}

function withCredential(credentials: readonly CredentialRecord[], record: CredentialRecord): CredentialRecord[] {
  const index = credentials.findIndex((credential) => credential.id === record.id);
  return index === -1 ? [...credentials, record] : credentials.map((credential, i) => (i === index ? record : credential));
}

/** Temp files a killed owner left behind: the files they were replacing are still whole. */
async function removeLeftoverTempFiles(dataFile: string): Promise<void> {
  await removeLeftoverTempFile(dataFile);
  const shardDir = shardDirFor(dataFile);
  const names = await readdir(shardDir).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => name.startsWith('.') && name.endsWith('.tmp')).map((name) => unlink(join(shardDir, name))));
}
