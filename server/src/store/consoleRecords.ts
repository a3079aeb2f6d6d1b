import {
  consoleInviteRecordSchema,
  consoleOwnerRecordSchema,
  consolePasskeyRecordSchema,
  consoleSessionRecordSchema,
  type ConsoleInviteRecord,
  type ConsoleOwnerRecord,
  type ConsolePasskeyRecord,
  type ConsoleSessionRecord,
  type DataFile,
} from './records.ts';
import { deepFreeze } from './shardFile.ts';

/*
 * The site-owner console's records (issue 15) in one process's memory: what the embedded store
 * (kept in its manifest) and the memory store share; pgStore.ts does the same in SQL. Every
 * method is synchronous, so each change is one step: of two takers of an invite, the first
 * removes it before the second looks.
 */

/** How the records travel: the manifest's and the data set's optional lists. */
export type ConsoleRecordLists = Pick<DataFile, 'consoleOwners' | 'consolePasskeys' | 'consoleInvites' | 'consoleSessions'>;

/** ISO times compared as instants: "…:00Z" and "…:00.000Z" are the same moment, though not the same string. */
const isAfter = (iso: string, nowIso: string) => Date.parse(iso) > Date.parse(nowIso);

/** Checked against the schema the data file is read with, copied by it, and frozen: readers share it. */
function storable<T>(schema: { parse(value: unknown): T }, record: T): T {
  return deepFreeze(schema.parse(record));
}

export class ConsoleRecords {
  private readonly owners = new Map<string, ConsoleOwnerRecord>();
  private readonly passkeys = new Map<string, ConsolePasskeyRecord>();
  private readonly invites = new Map<string, ConsoleInviteRecord>();
  private readonly sessions = new Map<string, ConsoleSessionRecord>();

  /** Replaces everything held with `lists` (a start, or a failed write rolled back). */
  load(lists: ConsoleRecordLists): void {
    const fill = <T>(map: Map<string, T>, records: readonly T[] | undefined, key: (record: T) => string) => {
      map.clear();
      for (const record of records ?? []) map.set(key(record), deepFreeze(record));
    };
    fill(this.owners, lists.consoleOwners, (owner) => owner.id);
    fill(this.passkeys, lists.consolePasskeys, (passkey) => passkey.id);
    fill(this.invites, lists.consoleInvites, (invite) => invite.tokenHash);
    fill(this.sessions, lists.consoleSessions, (session) => session.idHash);
  }

  /** What is held, as lists; only the non-empty ones, so a data set without a console stays as it was. */
  lists(): ConsoleRecordLists {
    return {
      ...(this.owners.size > 0 ? { consoleOwners: [...this.owners.values()] } : {}),
      ...(this.passkeys.size > 0 ? { consolePasskeys: [...this.passkeys.values()] } : {}),
      ...(this.invites.size > 0 ? { consoleInvites: [...this.invites.values()] } : {}),
      ...(this.sessions.size > 0 ? { consoleSessions: [...this.sessions.values()] } : {}),
    };
  }

  getOwner(ownerId: string): ConsoleOwnerRecord | undefined {
    return this.owners.get(ownerId);
  }

  putOwner(owner: ConsoleOwnerRecord): void {
    this.owners.set(owner.id, storable(consoleOwnerRecordSchema, owner));
  }

  /** What Store.addConsoleOwnerSite answers; the owner is replaced (readers may share the old record), not changed. */
  addOwnerSite(ownerId: string, siteId: string, maxSites: number): 'added' | 'already' | 'full' | 'no-owner' {
    const owner = this.owners.get(ownerId);
    if (owner === undefined) return 'no-owner';
    if (owner.siteIds.includes(siteId)) return 'already';
    if (owner.siteIds.length >= maxSites) return 'full';
    this.putOwner({ ...owner, siteIds: [...owner.siteIds, siteId] });
    return 'added';
  }

  /** False when the owner doesn't have the site (nothing to write). */
  removeOwnerSite(ownerId: string, siteId: string): boolean {
    const owner = this.owners.get(ownerId);
    if (owner === undefined || !owner.siteIds.includes(siteId)) return false;
    this.putOwner({ ...owner, siteIds: owner.siteIds.filter((id) => id !== siteId) });
    return true;
  }

  /** Oldest first; owners created at the same instant by id, as PostgreSQL orders them. */
  ownersOf(siteId: string): ConsoleOwnerRecord[] {
    return [...this.owners.values()]
      .filter((owner) => owner.siteIds.includes(siteId))
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  getPasskey(credentialId: string): ConsolePasskeyRecord | undefined {
    return this.passkeys.get(credentialId);
  }

  putPasskey(passkey: ConsolePasskeyRecord): void {
    this.passkeys.set(passkey.id, storable(consolePasskeyRecordSchema, passkey));
  }

  /**
   * Keeps the invite and drops the expired ones. "Now" is the new invite's createdAt: the store
   * has no clock of its own (the features' clock made that time).
   */
  addInvite(invite: ConsoleInviteRecord): void {
    const record = storable(consoleInviteRecordSchema, invite);
    dropExpired(this.invites, record.createdAt);
    this.invites.set(record.tokenHash, record);
  }

  /** A taken invite is gone, so what is left and not expired is what is still usable. */
  countInvites(siteId: string, nowIso: string): number {
    let count = 0;
    for (const invite of this.invites.values()) if (invite.siteId === siteId && isAfter(invite.expiresAt, nowIso)) count += 1;
    return count;
  }

  getInvite(tokenHash: string, nowIso: string): ConsoleInviteRecord | undefined {
    const invite = this.invites.get(tokenHash);
    return invite && isAfter(invite.expiresAt, nowIso) ? invite : undefined;
  }

  /** Removes and returns a live invite; an expired one stays for the next addInvite to drop. */
  takeInvite(tokenHash: string, nowIso: string): ConsoleInviteRecord | undefined {
    const invite = this.getInvite(tokenHash, nowIso);
    if (invite) this.invites.delete(tokenHash);
    return invite;
  }

  /** Keeps the session and drops the expired ones, as of its createdAt (see addInvite). */
  putSession(session: ConsoleSessionRecord): void {
    const record = storable(consoleSessionRecordSchema, session);
    dropExpired(this.sessions, record.createdAt);
    this.sessions.set(record.idHash, record);
  }

  getSession(idHash: string, nowIso: string): ConsoleSessionRecord | undefined {
    const session = this.sessions.get(idHash);
    return session && isAfter(session.expiresAt, nowIso) ? session : undefined;
  }

  /** False when there was no such session (nothing to write). */
  removeSession(idHash: string): boolean {
    return this.sessions.delete(idHash);
  }

  /** A removed site's invites go, and its owners lose it (they keep their record and other sites). */
  removeSite(siteId: string): void {
    for (const [tokenHash, invite] of this.invites) if (invite.siteId === siteId) this.invites.delete(tokenHash);
    for (const owner of this.owners.values()) {
      // Replaced, never changed in place: readers and a write in flight may share the old record.
      if (owner.siteIds.includes(siteId))
        this.owners.set(owner.id, deepFreeze({ ...owner, siteIds: owner.siteIds.filter((id) => id !== siteId) }));
    }
  }
}

function dropExpired(records: Map<string, { expiresAt: string }>, nowIso: string): void {
  for (const [key, record] of records) if (!isAfter(record.expiresAt, nowIso)) records.delete(key);
}
