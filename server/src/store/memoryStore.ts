import { ApiError } from '../errors.ts';
import { ConsoleRecords } from './consoleRecords.ts';
import { summarizeCredentialLists } from './credentialSummary.ts';
import { appendToHistory } from './eventHistory.ts';
import {
  credentialRecordSchema,
  eventRecordSchema,
  signingKeyRecordSchema,
  siteRecordSchema,
  userRecordSchema,
  AUDIT_ENTRIES_PER_SITE,
  type AuditEntry,
  type ConsoleInviteRecord,
  type ConsoleOwnerRecord,
  type ConsolePasskeyRecord,
  type ConsoleSessionRecord,
  type CredentialRecord,
  type CredentialSummary,
  type EventRecord,
  type SigningKeyRecord,
  type SiteRecord,
  type UserRecord,
} from './records.ts';
import { deepFreeze } from './shardFile.ts';
import { addCounts, normalizeUsername, requireSameOwner, requireSameSite, type Store } from './Store.ts';

/*
 * A Store in one process's memory and nowhere else: for the population simulator
 * (server/sim/) and tests that want the real ceremonies without files. It passes the Store
 * contract suite (memoryStore.test.ts), so what the features do on it they do on lowdb and
 * PostgreSQL too. Nothing survives the process.
 */

interface UserEntry {
  user: UserRecord | undefined;
  /** Order of the latest putUser: a name two users share goes to the later one (Store.findUserByUsername). */
  seq: number;
  credentials: CredentialRecord[];
  events: EventRecord[];
}

/**
 * The data behind one or more MemoryStore handles over time: closing a handle and opening
 * another on the same data is this store's "restart" (the contract suite's reopen).
 */
export interface MemoryData {
  sites: Map<string, SiteRecord>;
  users: Map<string, UserEntry>;
  /** credential id → user key: ids are unique across sites and never move. */
  credentialOwners: Map<string, string>;
  /** site + normalized username → user keys that carry that name. */
  usersByName: Map<string, Set<string>>;
  signingKeys: SigningKeyRecord[];
  usedTokens: Map<string, number>;
  /** site → day → counter name → count. */
  counters: Map<string, Map<string, Record<string, number>>>;
  audit: AuditEntry[];
  console: ConsoleRecords;
  lastSeq: number;
}

export function emptyMemoryData(): MemoryData {
  return {
    sites: new Map(),
    users: new Map(),
    credentialOwners: new Map(),
    usersByName: new Map(),
    signingKeys: [],
    usedTokens: new Map(),
    counters: new Map(),
    audit: [],
    console: new ConsoleRecords(),
    lastSeq: 0,
  };
}

const userKey = (siteId: string, userId: string) => `${siteId}\n${userId}`;
const nameKey = (siteId: string, username: string) => `${siteId}\n${normalizeUsername(username)}`;

/** Checked against the schema the other engines validate with, copied by it, and frozen: readers share it. */
function storable<T>(schema: { parse(value: unknown): T }, record: T): T {
  return deepFreeze(schema.parse(record));
}

export class MemoryStore implements Store {
  private closed = false;

  constructor(private readonly data: MemoryData = emptyMemoryData()) {}

  /** Every mutation starts here, as in the other engines. */
  private requireOpen(): void {
    if (this.closed) throw new ApiError('storage_failed', 'the store is closed');
  }

  private entry(siteId: string, userId: string): UserEntry {
    const key = userKey(siteId, userId);
    let entry = this.data.users.get(key);
    if (!entry) {
      entry = { user: undefined, seq: 0, credentials: [], events: [] };
      this.data.users.set(key, entry);
    }
    return entry;
  }

  private ownerEntry(credentialId: string): UserEntry | undefined {
    const key = this.data.credentialOwners.get(credentialId);
    return key === undefined ? undefined : this.data.users.get(key);
  }

  async listSites(): Promise<SiteRecord[]> {
    return [...this.data.sites.values()];
  }

  async getSite(siteId: string): Promise<SiteRecord | undefined> {
    return this.data.sites.get(siteId);
  }

  async putSite(site: SiteRecord): Promise<void> {
    this.requireOpen();
    this.data.sites.set(site.id, storable(siteRecordSchema, site));
  }

  async updateSite(siteId: string, change: (current: SiteRecord) => SiteRecord | undefined): Promise<SiteRecord | undefined> {
    this.requireOpen();
    // Read, changed and written with no await in between; a removed site has nothing to change.
    const current = this.data.sites.get(siteId);
    if (current === undefined) return undefined;
    const next = change(current);
    if (next === undefined) return current;
    requireSameSite(current, next);
    const record = storable(siteRecordSchema, next);
    this.data.sites.set(siteId, record);
    return record;
  }

  async removeSite(siteId: string): Promise<boolean> {
    this.requireOpen();
    if (!this.data.sites.delete(siteId)) return false;
    this.data.counters.delete(siteId);
    this.data.audit = this.data.audit.filter((entry) => entry.siteId !== siteId);
    this.data.console.removeSite(siteId);
    for (const [key, entry] of this.data.users) {
      if (!key.startsWith(`${siteId}\n`)) continue;
      for (const credential of entry.credentials) this.data.credentialOwners.delete(credential.id);
      if (entry.user) this.data.usersByName.get(nameKey(siteId, entry.user.username))?.delete(key);
      this.data.users.delete(key);
    }
    return true;
  }

  async getUser(siteId: string, userId: string): Promise<UserRecord | undefined> {
    return this.data.users.get(userKey(siteId, userId))?.user;
  }

  /** The contract's rule in one place: a holder with passkeys against ones without, else the one put last. */
  async findUserByUsername(siteId: string, username: string): Promise<UserRecord | undefined> {
    let best: UserEntry | undefined;
    for (const key of this.data.usersByName.get(nameKey(siteId, username)) ?? []) {
      const candidate = this.data.users.get(key);
      if (candidate?.user === undefined) continue;
      if (best === undefined) {
        best = candidate;
        continue;
      }
      const candidateHasPasskeys = candidate.credentials.length > 0;
      const bestHasPasskeys = best.credentials.length > 0;
      if (candidateHasPasskeys !== bestHasPasskeys ? candidateHasPasskeys : candidate.seq > best.seq) best = candidate;
    }
    return best?.user;
  }

  async putUser(user: UserRecord): Promise<void> {
    this.requireOpen();
    const record = storable(userRecordSchema, user);
    const key = userKey(user.siteId, user.userId);
    const entry = this.entry(user.siteId, user.userId);
    if (entry.user) this.data.usersByName.get(nameKey(entry.user.siteId, entry.user.username))?.delete(key);
    this.data.lastSeq += 1;
    entry.user = record;
    entry.seq = this.data.lastSeq;
    const name = nameKey(record.siteId, record.username);
    const holders = this.data.usersByName.get(name) ?? new Set<string>();
    holders.add(key);
    this.data.usersByName.set(name, holders);
  }

  async getCredential(credentialId: string): Promise<CredentialRecord | undefined> {
    return this.ownerEntry(credentialId)?.credentials.find((credential) => credential.id === credentialId);
  }

  async listCredentials(siteId: string, userId: string): Promise<CredentialRecord[]> {
    return [...(this.data.users.get(userKey(siteId, userId))?.credentials ?? [])];
  }

  async putCredential(credential: CredentialRecord): Promise<void> {
    this.requireOpen();
    // A credential id belongs to one user of one site forever (WebAuthn L3 §7.1 step 26).
    const owner = this.data.credentialOwners.get(credential.id);
    const key = userKey(credential.siteId, credential.userId);
    if (owner !== undefined && owner !== key) throw new ApiError('credential_exists', 'this passkey is already registered');
    const entry = this.entry(credential.siteId, credential.userId);
    entry.credentials = withCredential(entry.credentials, storable(credentialRecordSchema, credential));
    this.data.credentialOwners.set(credential.id, key);
  }

  async updateCredential(
    id: string,
    change: (current: CredentialRecord) => CredentialRecord | undefined,
    withEvent?: EventRecord,
  ): Promise<CredentialRecord | undefined> {
    this.requireOpen();
    // Read, changed and written with no await in between: nothing can run in the middle.
    const entry = this.ownerEntry(id);
    const current = entry?.credentials.find((credential) => credential.id === id);
    const next = current === undefined ? undefined : change(current);
    if (entry === undefined || current === undefined || next === undefined) return undefined;
    requireSameOwner(current, next, withEvent);
    const record = storable(credentialRecordSchema, next);
    const event = withEvent && storable(eventRecordSchema, withEvent);
    entry.credentials = withCredential(entry.credentials, record);
    if (event) entry.events = appendToHistory(entry.events, event);
    return record;
  }

  async removeCredential(id: string): Promise<CredentialRecord | undefined> {
    this.requireOpen();
    const entry = this.ownerEntry(id);
    const removed = entry?.credentials.find((credential) => credential.id === id);
    if (entry === undefined || removed === undefined) return undefined;
    entry.credentials = entry.credentials.filter((credential) => credential.id !== id);
    this.data.credentialOwners.delete(id);
    return removed;
  }

  async recordEvent(event: EventRecord): Promise<void> {
    this.requireOpen();
    const entry = this.entry(event.siteId, event.userId);
    entry.events = appendToHistory(entry.events, storable(eventRecordSchema, event));
  }

  async listEvents(siteId: string, userId: string): Promise<EventRecord[]> {
    return [...(this.data.users.get(userKey(siteId, userId))?.events ?? [])];
  }

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    return [...this.data.signingKeys];
  }

  async addSigningKey(key: SigningKeyRecord, options?: { onlyIfNone?: boolean }): Promise<boolean> {
    this.requireOpen();
    const keys = this.data.signingKeys;
    if ((options?.onlyIfNone === true && keys.length > 0) || keys.some((kept) => kept.kid === key.kid)) return false;
    keys.push(storable(signingKeyRecordSchema, key));
    return true;
  }

  async removeSigningKey(kid: string): Promise<boolean> {
    this.requireOpen();
    const index = this.data.signingKeys.findIndex((key) => key.kid === kid);
    if (index === -1) return false;
    this.data.signingKeys.splice(index, 1);
    return true;
  }

  async markTokenUsed(jti: string, exp: number, nowSeconds: number): Promise<boolean> {
    this.requireOpen();
    const used = this.data.usedTokens;
    // An expired token fails verification anyway: its id need not be remembered.
    for (const [kept, keptExp] of used) if (keptExp < nowSeconds) used.delete(kept);
    if (used.has(jti)) return false;
    used.set(jti, exp);
    return true;
  }

  async addToCounters(siteId: string, day: string, counts: Readonly<Record<string, number>>): Promise<void> {
    this.requireOpen();
    if (!this.data.sites.has(siteId)) return;
    const days = this.data.counters.get(siteId) ?? new Map<string, Record<string, number>>();
    days.set(day, addCounts(days.get(day), counts));
    this.data.counters.set(siteId, days);
  }

  async readCounters(siteId: string, from: string, to: string): Promise<Record<string, Record<string, number>>> {
    return Object.fromEntries([...(this.data.counters.get(siteId) ?? [])].filter(([day]) => day >= from && day <= to));
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    this.requireOpen();
    if (!this.data.sites.has(entry.siteId)) return;
    const mine = this.data.audit.filter((kept) => kept.siteId === entry.siteId);
    if (mine.length >= AUDIT_ENTRIES_PER_SITE) this.data.audit = this.data.audit.filter((kept) => kept !== mine[0]);
    this.data.audit.push(structuredClone(entry));
  }

  async listAudit(siteId: string, limit: number): Promise<AuditEntry[]> {
    return this.data.audit
      .filter((entry) => entry.siteId === siteId)
      .slice(-limit)
      .reverse();
  }

  async summarizeCredentials(siteId: string): Promise<CredentialSummary> {
    // Every user of every site, filtered: the simulator's populations (500 people by default) make that cheap.
    const prefix = `${siteId}\n`;
    const lists = [...this.data.users].filter(([key]) => key.startsWith(prefix)).map(([, entry]) => entry.credentials);
    return summarizeCredentialLists(lists);
  }

  async getConsoleOwner(ownerId: string): Promise<ConsoleOwnerRecord | undefined> {
    return this.data.console.getOwner(ownerId);
  }

  async putConsoleOwner(owner: ConsoleOwnerRecord): Promise<void> {
    this.requireOpen();
    this.data.console.putOwner(owner);
  }

  async listConsoleOwners(siteId: string): Promise<ConsoleOwnerRecord[]> {
    return this.data.console.ownersOf(siteId);
  }

  async addConsoleOwnerSite(ownerId: string, siteId: string, maxSites: number): Promise<'added' | 'already' | 'full' | 'no-owner'> {
    this.requireOpen();
    return this.data.console.addOwnerSite(ownerId, siteId, maxSites);
  }

  async removeConsoleOwnerSite(ownerId: string, siteId: string): Promise<boolean> {
    this.requireOpen();
    return this.data.console.removeOwnerSite(ownerId, siteId);
  }

  async getConsolePasskey(credentialId: string): Promise<ConsolePasskeyRecord | undefined> {
    return this.data.console.getPasskey(credentialId);
  }

  async putConsolePasskey(passkey: ConsolePasskeyRecord): Promise<void> {
    this.requireOpen();
    this.data.console.putPasskey(passkey);
  }

  async addConsoleInvite(invite: ConsoleInviteRecord): Promise<void> {
    this.requireOpen();
    // An invite to a site that is gone would outlive the cascade that removes its invites.
    if (this.data.sites.has(invite.siteId)) this.data.console.addInvite(invite);
  }

  async countConsoleInvites(siteId: string, nowIso: string): Promise<number> {
    return this.data.console.countInvites(siteId, nowIso);
  }

  async getConsoleInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined> {
    return this.data.console.getInvite(tokenHash, nowIso);
  }

  async takeConsoleInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined> {
    this.requireOpen();
    return this.data.console.takeInvite(tokenHash, nowIso);
  }

  async putConsoleSession(session: ConsoleSessionRecord): Promise<void> {
    this.requireOpen();
    this.data.console.putSession(session);
  }

  async getConsoleSession(idHash: string, nowIso: string): Promise<ConsoleSessionRecord | undefined> {
    return this.data.console.getSession(idHash, nowIso);
  }

  async removeConsoleSession(idHash: string): Promise<void> {
    this.requireOpen();
    this.data.console.removeSession(idHash);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function withCredential(credentials: readonly CredentialRecord[], record: CredentialRecord): CredentialRecord[] {
  const index = credentials.findIndex((credential) => credential.id === record.id);
  return index === -1 ? [...credentials, record] : credentials.map((credential, i) => (i === index ? record : credential));
}
