import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { ApiError } from '../errors.ts';
import { removeLeftoverTempFile } from './atomicTextFile.ts';
import { CommitQueue } from './commitQueue.ts';
import { acquireFileLock, type FileLock } from './fileLock.ts';
import { validatedDataFile } from './dataFileAdapter.ts';
import {
  EVENTS_PER_USER,
  emptyData,
  type CredentialRecord,
  type DataFile,
  type EventRecord,
  type SigningKeyRecord,
  type SiteRecord,
  type UserRecord,
} from './records.ts';
import { normalizeUsername, type Store } from './Store.ts';

const userKey = (siteId: string, userId: string) => `${siteId}\n${userId}`;
const usernameKey = (siteId: string, username: string) => `${siteId}\n${normalizeUsername(username)}`;
const copy = <T>(value: T): T => structuredClone(value);

/**
 * The embedded default Store: one JSON file owned by this process. The in-memory maps are
 * the working set and the indexes; every mutation rewrites the file through one lowdb
 * instance, serialized and coalesced by a CommitQueue (a failed write rolls the memory back
 * to what is on disk and fails every caller whose change it carried).
 */
export class LowdbStore implements Store {
  private readonly sites = new Map<string, SiteRecord>();
  private readonly users = new Map<string, UserRecord>();
  private readonly usersByName = new Map<string, UserRecord>();
  private readonly credentials = new Map<string, CredentialRecord>();
  private readonly credentialsByUser = new Map<string, Set<string>>();
  private readonly events = new Map<string, EventRecord[]>();
  private signingKey: SigningKeyRecord | null = null;
  private readonly usedTokens = new Map<string, number>();
  private closed = false;
  /** What the data file holds now: the state a failed write rolls back to. */
  private onDisk: DataFile;
  private readonly commits: CommitQueue;

  private constructor(
    private readonly db: Low<DataFile>,
    readonly lock: FileLock,
  ) {
    this.onDisk = db.data;
    this.load(db.data);
    this.commits = new CommitQueue(
      async () => {
        const snapshot = this.snapshot();
        this.db.data = snapshot;
        await this.db.write();
        this.onDisk = snapshot;
      },
      () => this.load(this.onDisk),
      (cause) => new ApiError('storage_failed', 'could not write the data file; nothing was saved', { cause }),
    );
  }

  /** Takes the file's lock (refusing a second live owner), reads and validates it. */
  static async open(dataFile: string): Promise<LowdbStore> {
    await mkdir(dirname(dataFile), { recursive: true });
    const lock = await acquireFileLock(dataFile);
    try {
      // Only the lock owner may clean up: a temp file now is a write a killed owner left behind.
      await removeLeftoverTempFile(dataFile);
      const db = new Low<DataFile>(validatedDataFile(dataFile), emptyData());
      const existed = await access(dataFile).then(
        () => true,
        () => false,
      );
      await db.read();
      const store = new LowdbStore(db, lock);
      if (!existed) await store.persist();
      return store;
    } catch (error) {
      await lock.release();
      if (error instanceof ApiError) throw error;
      throw new ApiError('storage_failed', `cannot open the data file ${dataFile}: ${String(error)}`, { cause: error });
    }
  }

  private load(data: DataFile): void {
    for (const map of [this.sites, this.users, this.usersByName, this.credentials, this.credentialsByUser, this.events, this.usedTokens]) {
      map.clear();
    }
    for (const site of data.sites) this.sites.set(site.id, site);
    for (const user of data.users) this.indexUser(user);
    for (const credential of data.credentials) this.indexCredential(credential);
    for (const event of data.events) this.pushEvent(event);
    this.signingKey = data.signingKey;
    for (const token of data.usedTokens) this.usedTokens.set(token.jti, token.exp);
  }

  private snapshot(): DataFile {
    return {
      version: 1,
      sites: [...this.sites.values()],
      users: [...this.users.values()],
      credentials: [...this.credentials.values()],
      events: [...this.events.values()].flat(),
      signingKey: this.signingKey,
      usedTokens: [...this.usedTokens].map(([jti, exp]) => ({ jti, exp })),
    };
  }

  /** Call right after a change to memory, in the same synchronous section. */
  private persist(): Promise<void> {
    return this.commits.flush();
  }

  /** Every mutation starts here: a closed store must not change memory it will never write. */
  private requireOpen(): void {
    if (this.closed) throw new ApiError('storage_failed', 'the store is closed');
  }

  private indexUser(user: UserRecord): void {
    const key = userKey(user.siteId, user.userId);
    const previous = this.users.get(key);
    // The old name leaves the index only if it still names this user: a recycled username may
    // belong to someone else by now (the site's latest grant for it decides).
    const previousKey = previous && usernameKey(previous.siteId, previous.username);
    if (previousKey !== undefined && this.usersByName.get(previousKey)?.userId === user.userId) this.usersByName.delete(previousKey);
    // Re-inserted, not replaced in place: the data file then lists users by their latest grant,
    // and loading it in that order gives a name shared by two users to the latest, as now.
    this.users.delete(key);
    this.users.set(key, user);
    this.usersByName.set(usernameKey(user.siteId, user.username), user);
  }

  private indexCredential(credential: CredentialRecord): void {
    this.credentials.set(credential.id, credential);
    const key = userKey(credential.siteId, credential.userId);
    const ids = this.credentialsByUser.get(key) ?? new Set<string>();
    ids.add(credential.id);
    this.credentialsByUser.set(key, ids);
  }

  private pushEvent(event: EventRecord): void {
    const key = userKey(event.siteId, event.userId);
    const list = this.events.get(key) ?? [];
    list.push(event);
    if (list.length > EVENTS_PER_USER) list.splice(eventToDrop(list), 1);
    this.events.set(key, list);
  }

  async listSites(): Promise<SiteRecord[]> {
    return copy([...this.sites.values()]);
  }

  async getSite(siteId: string): Promise<SiteRecord | undefined> {
    return copy(this.sites.get(siteId));
  }

  async putSite(site: SiteRecord): Promise<void> {
    this.requireOpen();
    this.sites.set(site.id, copy(site));
    await this.persist();
  }

  async removeSite(siteId: string): Promise<boolean> {
    this.requireOpen();
    if (!this.sites.delete(siteId)) return false;
    const prefix = `${siteId}\n`;
    for (const map of [this.users, this.usersByName, this.credentialsByUser, this.events]) {
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
    }
    for (const [id, credential] of this.credentials) if (credential.siteId === siteId) this.credentials.delete(id);
    await this.persist();
    return true;
  }

  async getUser(siteId: string, userId: string): Promise<UserRecord | undefined> {
    return copy(this.users.get(userKey(siteId, userId)));
  }

  async findUserByUsername(siteId: string, username: string): Promise<UserRecord | undefined> {
    return copy(this.usersByName.get(usernameKey(siteId, username)));
  }

  async putUser(user: UserRecord): Promise<void> {
    this.requireOpen();
    this.indexUser(copy(user));
    await this.persist();
  }

  async getCredential(credentialId: string): Promise<CredentialRecord | undefined> {
    return copy(this.credentials.get(credentialId));
  }

  async listCredentials(siteId: string, userId: string): Promise<CredentialRecord[]> {
    const ids = this.credentialsByUser.get(userKey(siteId, userId)) ?? new Set<string>();
    return copy([...ids].flatMap((id) => this.credentials.get(id) ?? []));
  }

  async putCredential(credential: CredentialRecord): Promise<void> {
    this.requireOpen();
    // A credential id belongs to one user of one site forever (WebAuthn L3 §7.1 step 26):
    // even two concurrent registrations of one id cannot move it to another account.
    const existing = this.credentials.get(credential.id);
    if (existing && (existing.siteId !== credential.siteId || existing.userId !== credential.userId)) {
      throw new ApiError('credential_exists', 'this passkey is already registered');
    }
    this.indexCredential(copy(credential));
    await this.persist();
  }

  async updateCredential(id: string, change: (current: CredentialRecord) => CredentialRecord | undefined): Promise<CredentialRecord | undefined> {
    this.requireOpen();
    const current = this.credentials.get(id);
    const next = current === undefined ? undefined : change(copy(current));
    if (current === undefined || next === undefined) return undefined;
    if (next.id !== id || next.siteId !== current.siteId || next.userId !== current.userId) {
      throw new Error('a credential keeps its id and its owner');
    }
    this.indexCredential(copy(next));
    await this.persist();
    return copy(next);
  }

  async recordEvent(event: EventRecord): Promise<void> {
    this.requireOpen();
    this.pushEvent(copy(event));
    await this.persist();
  }

  async listEvents(siteId: string, userId: string): Promise<EventRecord[]> {
    return copy(this.events.get(userKey(siteId, userId)) ?? []);
  }

  async getSigningKey(): Promise<SigningKeyRecord | undefined> {
    return copy(this.signingKey ?? undefined);
  }

  async putSigningKey(key: SigningKeyRecord): Promise<void> {
    this.requireOpen();
    this.signingKey = copy(key);
    await this.persist();
  }

  async markTokenUsed(jti: string, exp: number, nowSeconds: number): Promise<boolean> {
    this.requireOpen();
    for (const [used, usedExp] of this.usedTokens) if (usedExp < nowSeconds) this.usedTokens.delete(used);
    if (this.usedTokens.has(jti)) return false;
    this.usedTokens.set(jti, exp);
    await this.persist();
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Let pending writes land (or fail and roll back) before giving up ownership.
    await this.commits.idle();
    await this.lock.release();
  }
}

/**
 * Which event a full history gives up (its index). Decisions read only a device's events since
 * its latest fresh start, a passkey success or a new passkey (intelligence/history.ts), so an
 * event before its device's latest fresh start goes first: nothing reads it. Then the oldest
 * event of the kind the history holds most of, never a device's latest fresh start: counts that
 * decisions need keep growing, and a flood of one kind — failure reports, which anyone can send
 * for a known username — ends up pushing out only its own kind, not a "not on this device" (F6).
 */
function eventToDrop(events: readonly EventRecord[]): number {
  const latestStart = new Map<string, number>();
  events.forEach((event, i) => {
    if (event.type === 'login-success' || event.type === 'append-create') latestStart.set(event.devicePseudonym, i);
  });
  const superseded = events.findIndex((event, i) => i < (latestStart.get(event.devicePseudonym) ?? -1));
  if (superseded !== -1) return superseded;
  const kept = new Set(latestStart.values());
  const counts = new Map<string, number>();
  events.forEach((event, i) => {
    if (!kept.has(i)) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  });
  let commonest: string | undefined;
  let most = 0;
  // In history order, so a tie goes to the kind whose oldest event is oldest.
  events.forEach((event, i) => {
    const count = counts.get(event.type) ?? 0;
    if (!kept.has(i) && count > most) {
      most = count;
      commonest = event.type;
    }
  });
  return Math.max(0, events.findIndex((event, i) => event.type === commonest && !kept.has(i)));
}
