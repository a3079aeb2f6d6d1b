import type {
  AuditEntry,
  ConsoleInviteRecord,
  ConsoleOwnerRecord,
  ConsolePasskeyRecord,
  ConsoleSessionRecord,
  CredentialRecord,
  CredentialSummary,
  EventRecord,
  SigningKeyRecord,
  SiteRecord,
  UserRecord,
} from './records.ts';

/**
 * The rule every engine's updateCredential keeps: a change never moves a credential to another
 * id or owner, and an event written with it is its owner's. Throws (a bug upstream) otherwise.
 */
export function requireSameOwner(current: CredentialRecord, next: CredentialRecord, event: EventRecord | undefined): void {
  if (next.id !== current.id || next.siteId !== current.siteId || next.userId !== current.userId) {
    throw new Error('a credential keeps its id and its owner');
  }
  if (event && (event.siteId !== current.siteId || event.userId !== current.userId)) {
    throw new Error('an event written with a credential belongs to its owner');
  }
}

/** The rule every engine's updateSite keeps: a change never moves a site to another id. Throws (a bug upstream) otherwise. */
export function requireSameSite(current: SiteRecord, next: SiteRecord): void {
  if (next.id !== current.id) throw new Error('a site keeps its id');
}

/** `counts` added to `into` (a new object; the old one may be shared with readers). */
export function addCounts(
  into: Readonly<Record<string, number>> | undefined,
  counts: Readonly<Record<string, number>>,
): Record<string, number> {
  const next = { ...into };
  for (const [name, count] of Object.entries(counts)) next[name] = (next[name] ?? 0) + count;
  return next;
}

/**
 * Usernames match after Unicode NFKC, trimming and lower-casing, in every Store and in the
 * rate limiter: "Alice", " alice " and "ａｌｉｃｅ" are one name, and so are "Kate" and "Kate"
 * spelled with U+212A KELVIN SIGN.
 */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase().normalize('NFKC');
}

/**
 * Everything the features persist, behind one small async interface, so a deployment that
 * outgrows one machine can put PostgreSQL behind it without touching the features
 * (ARCHITECTURE §6). Records are plain data. Returned records may be shared with other
 * readers (the embedded store hands out its own frozen objects instead of copying on every
 * read): never change one, build a new one (`{ ...record, counter }`).
 */
export interface Store {
  listSites(): Promise<SiteRecord[]>;
  getSite(siteId: string): Promise<SiteRecord | undefined>;
  /** Inserts or replaces by id: for a new site (a change to an existing one goes through updateSite). */
  putSite(site: SiteRecord): Promise<void>;
  /**
   * Reads, changes and writes one site with nothing else in between, from the store itself
   * (never a cache that may be seconds old): two changes made at once on two servers both
   * land, and a change can't write back an old secret. `change` returns the new record (same
   * id), or undefined to leave it alone; the result is what is stored after, undefined when
   * there is no such site (a removed site is never written again).
   */
  updateSite(siteId: string, change: (current: SiteRecord) => SiteRecord | undefined): Promise<SiteRecord | undefined>;
  /**
   * Removes the site with its users, credentials, events, counters, audit list and console
   * invites, and takes it out of its console owners' `siteIds`; false when it did not exist.
   */
  removeSite(siteId: string): Promise<boolean>;

  getUser(siteId: string, userId: string): Promise<UserRecord | undefined>;
  /**
   * Matches on `normalizeUsername` (people type their email in any case). A name two users
   * share belongs to the one with passkeys when only one has any, else to the one put last.
   */
  findUserByUsername(siteId: string, username: string): Promise<UserRecord | undefined>;
  /** Inserts or replaces by (siteId, userId); also when unchanged, it claims the user's name again. */
  putUser(user: UserRecord): Promise<void>;

  /** By credential id, across all sites (credential ids are globally unique). */
  getCredential(credentialId: string): Promise<CredentialRecord | undefined>;
  listCredentials(siteId: string, userId: string): Promise<CredentialRecord[]>;
  /** Inserts or replaces by id. */
  putCredential(credential: CredentialRecord): Promise<void>;
  /**
   * Reads, changes and writes one credential with nothing else in between, so two logins that
   * finish together can't both pass a counter check against the same old value. `change`
   * returns the new record, or undefined to leave it alone; the result is what was written.
   * `withEvent` (an event of the credential's owner) is recorded in the same write, only when
   * the change is: a login's counter and its success event are saved together or not at all.
   */
  updateCredential(
    id: string,
    change: (current: CredentialRecord) => CredentialRecord | undefined,
    withEvent?: EventRecord,
  ): Promise<CredentialRecord | undefined>;

  /** Removes one credential; what was removed, or undefined when there was none with that id. */
  removeCredential(id: string): Promise<CredentialRecord | undefined>;

  /** Appends, keeping EVENTS_PER_USER of that user; which event a full history drops: eventHistory.ts `eventToDrop`. */
  recordEvent(event: EventRecord): Promise<void>;
  /** Oldest first. */
  listEvents(siteId: string, userId: string): Promise<EventRecord[]>;

  /** The login-token signing keys, oldest first (rotation: tokens/keyRing.ts). */
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /**
   * Adds a key (a kid already there is left alone: false). With `onlyIfNone`, only when the
   * store has no key at all, atomically: servers starting together on one empty database end
   * up with one key between them.
   */
  addSigningKey(key: SigningKeyRecord, options?: { onlyIfNone?: boolean }): Promise<boolean>;
  /** Removes a key rotated out; false when there was none with that kid. */
  removeSigningKey(kid: string): Promise<boolean>;

  /**
   * Marks a login token id as redeemed. Returns false when it already was (single use).
   * Entries whose `exp` (seconds) is before `nowSeconds` are pruned: an expired token fails
   * verification anyway.
   */
  markTokenUsed(jti: string, exp: number, nowSeconds: number): Promise<boolean>;

  /**
   * Adds to a site's aggregate counters of one UTC day (`day` YYYY-MM-DD), atomically per call:
   * two servers adding at once both count. Counters of a removed site go with it.
   */
  addToCounters(siteId: string, day: string, counts: Readonly<Record<string, number>>): Promise<void>;
  /** The site's counters from `from` to `to` (days, inclusive), by day; days without any are left out. */
  readCounters(siteId: string, from: string, to: string): Promise<Record<string, Record<string, number>>>;

  /** Records a change to a site's settings; the site keeps its newest AUDIT_ENTRIES_PER_SITE. Goes with a removed site. */
  recordAudit(entry: AuditEntry): Promise<void>;
  /** The site's changes, newest first, at most `limit`. */
  listAudit(siteId: string, limit: number): Promise<AuditEntry[]>;

  /** Counts the site's passkeys now (users with one, by AAGUID, by platform created on). */
  summarizeCredentials(siteId: string): Promise<CredentialSummary>;

  // ---- the site-owner console (issue 15) ----
  getConsoleOwner(ownerId: string): Promise<ConsoleOwnerRecord | undefined>;
  /** Inserts or replaces by id. */
  putConsoleOwner(owner: ConsoleOwnerRecord): Promise<void>;
  /** The owners whose `siteIds` include the site, oldest first. */
  listConsoleOwners(siteId: string): Promise<ConsoleOwnerRecord[]>;
  /**
   * Adds a site to an owner's `siteIds` atomically (two requests at once can't both pass the
   * cap): 'added', 'already' (it was there), 'full' (the owner holds `maxSites` already, nothing
   * changed) or 'no-owner'.
   */
  addConsoleOwnerSite(ownerId: string, siteId: string, maxSites: number): Promise<'added' | 'already' | 'full' | 'no-owner'>;
  /** Takes a site out of an owner's `siteIds` atomically; false when it wasn't there. */
  removeConsoleOwnerSite(ownerId: string, siteId: string): Promise<boolean>;

  getConsolePasskey(credentialId: string): Promise<ConsolePasskeyRecord | undefined>;
  /** Inserts or replaces by id (a sign-in writes the new counter and lastUsedAt). */
  putConsolePasskey(passkey: ConsolePasskeyRecord): Promise<void>;

  /** How many of the site's enrolment links are unused and not expired at `nowIso` (the console caps them). */
  countConsoleInvites(siteId: string, nowIso: string): Promise<number>;
  /**
   * Keeps an enrolment link's hash, unless its site is gone; expired ones are pruned as new ones
   * come (as of the new one's `createdAt`: the store has no clock of its own).
   */
  addConsoleInvite(invite: ConsoleInviteRecord): Promise<void>;
  /** The invite if it exists and `expiresAt` is after `nowIso`, without using it. */
  getConsoleInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined>;
  /** Removes and returns the invite if it exists and hasn't expired: of two takers at once exactly one gets it. */
  takeConsoleInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined>;

  /** Keeps a session; expired ones are pruned as new ones come (as of its `createdAt`). */
  putConsoleSession(session: ConsoleSessionRecord): Promise<void>;
  /** The session if it exists and `expiresAt` is after `nowIso`. */
  getConsoleSession(idHash: string, nowIso: string): Promise<ConsoleSessionRecord | undefined>;
  removeConsoleSession(idHash: string): Promise<void>;

  close(): Promise<void>;
}
