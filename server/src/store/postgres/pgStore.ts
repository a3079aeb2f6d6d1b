import type pg from 'pg';
import { ApiError } from '../../errors.ts';
import { eventToDrop } from '../eventHistory.ts';
import {
  AUDIT_ENTRIES_PER_SITE,
  auditEntrySchema,
  type AuditEntry,
  type ConsoleInviteRecord,
  type ConsoleOwnerRecord,
  type ConsolePasskeyRecord,
  type ConsoleSessionRecord,
  credentialRecordSchema,
  type CredentialSummary,
  EVENTS_PER_USER,
  eventRecordSchema,
  signingKeyRecordSchema,
  siteRecordSchema,
  userRecordSchema,
  type CredentialRecord,
  type EventRecord,
  type SigningKeyRecord,
  type SiteRecord,
  type UserRecord,
} from '../records.ts';
import { normalizeUsername, requireSameOwner, requireSameSite, type Store } from '../Store.ts';
import { Database, redactedUrl, type Queryable } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { PgConsoleRecords, removeSiteFromOwners } from './pgConsoleRecords.ts';

/** How stale one server's copy of the site registry may get: a site added elsewhere is live here this fast. */
export const SITE_CACHE_MS = 2_000;
const SITE_MISS_RELOAD_MS = 250;
/** How often a server sweeps expired redeemed-token ids (any server may; twice is harmless). */
const TOKEN_SWEEP_MS = 60_000;

/** Checked on the way in, like the embedded store: what is written must read back. */
function storable<T>(schema: { parse(value: unknown): T }, record: T): T {
  return schema.parse(record);
}

/**
 * The Store on PostgreSQL (DATABASE_URL), for deployments with several servers. Everything a
 * check depends on is decided in SQL, never read-then-written across servers: a counter check
 * runs under the credential's row lock, a token id is redeemed by one INSERT, a user's bounded
 * history is trimmed under a per-user advisory lock. Sites are cached for SITE_CACHE_MS (they
 * are read by every request and change rarely).
 */
export class PgStore implements Store {
  private closed = false;
  private siteCache: { at: number; sites: Map<string, SiteRecord> } | undefined;
  private lastTokenSweep = 0;
  private readonly consoleRecords = new PgConsoleRecords((text, params, name) => this.query(text, params, name));

  private constructor(readonly database: Database) {}

  /** Connects, migrates the schema to this version, and refuses to start when the database can't be reached. */
  static async open(url: string, options: { log?: (line: string) => void; maxConnections?: number } = {}): Promise<PgStore> {
    const database = new Database(url, options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections });
    try {
      await migrateToLatest(database, options.log);
    } catch (error) {
      await database.close().catch(() => undefined);
      const reason =
        error instanceof ApiError && error.cause instanceof Error
          ? error.cause.message
          : error instanceof Error
            ? error.message
            : String(error);
      throw new ApiError('store_unavailable', `cannot open the database ${redactedUrl(url)}: ${reason}`, { cause: error });
    }
    return new PgStore(database);
  }

  /** The database, password masked. */
  describe(): string {
    return redactedUrl(this.database.url);
  }

  private requireOpen(): void {
    if (this.closed) throw new ApiError('storage_failed', 'the store is closed');
  }

  /** `name`: a query of the login path, prepared once per connection (Database.query). */
  private query<Row extends pg.QueryResultRow>(text: string, params: unknown[] = [], name?: string): Promise<pg.QueryResult<Row>> {
    this.requireOpen();
    return this.database.query<Row>(text, params, name);
  }

  // Sites

  /** `maxAgeMs`: how old a cached registry may be for this read. */
  private async sites(maxAgeMs = SITE_CACHE_MS): Promise<Map<string, SiteRecord>> {
    const now = Date.now();
    if (this.siteCache && now - this.siteCache.at < maxAgeMs) return this.siteCache.sites;
    const { rows } = await this.query<{ record: SiteRecord }>('SELECT record FROM sites ORDER BY id');
    const sites = new Map(rows.map((row) => [row.record.id, row.record]));
    this.siteCache = { at: now, sites };
    return sites;
  }

  async listSites(): Promise<SiteRecord[]> {
    return [...(await this.sites()).values()];
  }

  async getSite(siteId: string): Promise<SiteRecord | undefined> {
    // A site unknown here may have been added on another server a moment ago: look again,
    // at most every SITE_MISS_RELOAD_MS (unknown ids from a prober cost one query per interval).
    return (await this.sites()).get(siteId) ?? (await this.sites(SITE_MISS_RELOAD_MS)).get(siteId);
  }

  async putSite(site: SiteRecord): Promise<void> {
    const record = storable(siteRecordSchema, site);
    await this.query('INSERT INTO sites (id, record) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record', [
      record.id,
      record,
    ]);
    this.siteCache = undefined;
  }

  async updateSite(siteId: string, change: (current: SiteRecord) => SiteRecord | undefined): Promise<SiteRecord | undefined> {
    this.requireOpen();
    try {
      // From the row under its lock, never the cache: a change made on another server a moment
      // ago is what this one starts from, and a concurrent change here waits for it.
      return await this.database.transaction(async (client) => {
        const { rows } = await client.query<{ record: SiteRecord }>('SELECT record FROM sites WHERE id = $1 FOR UPDATE', [siteId]);
        const current = rows[0]?.record;
        if (current === undefined) return undefined;
        const next = change(current);
        if (next === undefined) return current;
        requireSameSite(current, next);
        const record = storable(siteRecordSchema, next);
        // An UPDATE, never an upsert: a site removed meanwhile stays removed.
        await client.query('UPDATE sites SET record = $2 WHERE id = $1', [siteId, record]);
        return record;
      });
    } finally {
      // Also after a failed COMMIT, which may have landed all the same.
      this.siteCache = undefined;
    }
  }

  async removeSite(siteId: string): Promise<boolean> {
    this.requireOpen();
    // Users, passkeys, histories, counters, audit and console invites go with it (ON DELETE
    // CASCADE); its owners stay, without it, in the same transaction.
    const removed = await this.database.transaction(async (client) => {
      const { rowCount } = await client.query('DELETE FROM sites WHERE id = $1', [siteId]);
      if (rowCount === 1) await removeSiteFromOwners(client, siteId);
      return rowCount === 1;
    });
    this.siteCache = undefined;
    return removed;
  }

  // Users

  async getUser(siteId: string, userId: string): Promise<UserRecord | undefined> {
    const { rows } = await this.query<{ record: UserRecord }>(
      'SELECT record FROM users WHERE site_id = $1 AND user_id = $2',
      [siteId, userId],
      'pkc-get-user',
    );
    return rows[0]?.record;
  }

  async findUserByUsername(siteId: string, username: string): Promise<UserRecord | undefined> {
    // A user with passkeys keeps a shared name; otherwise the latest claim wins (Store.ts).
    const { rows } = await this.query<{ record: UserRecord }>(
      `SELECT u.record FROM users u
        WHERE u.site_id = $1 AND u.username_key = $2
        ORDER BY EXISTS (SELECT 1 FROM credentials c WHERE c.site_id = u.site_id AND c.user_id = u.user_id) DESC, u.name_claim DESC
        LIMIT 1`,
      [siteId, normalizeUsername(username)],
      'pkc-find-user',
    );
    return rows[0]?.record;
  }

  async putUser(user: UserRecord): Promise<void> {
    const record = storable(userRecordSchema, user);
    await this.query(
      `INSERT INTO users (site_id, user_id, username_key, name_claim, record) VALUES ($1, $2, $3, nextval('name_claims'), $4)
       ON CONFLICT (site_id, user_id) DO UPDATE SET username_key = EXCLUDED.username_key, name_claim = EXCLUDED.name_claim, record = EXCLUDED.record`,
      [record.siteId, record.userId, normalizeUsername(record.username), record],
    );
  }

  // Credentials

  async getCredential(credentialId: string): Promise<CredentialRecord | undefined> {
    const { rows } = await this.query<{ record: CredentialRecord }>(
      'SELECT record FROM credentials WHERE id = $1',
      [credentialId],
      'pkc-get-credential',
    );
    return rows[0]?.record;
  }

  async listCredentials(siteId: string, userId: string): Promise<CredentialRecord[]> {
    const { rows } = await this.query<{ record: CredentialRecord }>(
      "SELECT record FROM credentials WHERE site_id = $1 AND user_id = $2 ORDER BY record->>'createdAt', id",
      [siteId, userId],
      'pkc-list-credentials',
    );
    return rows.map((row) => row.record);
  }

  async putCredential(credential: CredentialRecord): Promise<void> {
    const record = storable(credentialRecordSchema, credential);
    // One statement: an id already held by another user or site is left alone, atomically.
    const { rowCount } = await this.query(
      `INSERT INTO credentials (id, site_id, user_id, record) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record
       WHERE credentials.site_id = EXCLUDED.site_id AND credentials.user_id = EXCLUDED.user_id`,
      [record.id, record.siteId, record.userId, record],
    );
    if (rowCount !== 1) throw new ApiError('credential_exists', 'this passkey is already registered');
  }

  async updateCredential(
    id: string,
    change: (current: CredentialRecord) => CredentialRecord | undefined,
    withEvent?: EventRecord,
  ): Promise<CredentialRecord | undefined> {
    this.requireOpen();
    const event = withEvent && storable(eventRecordSchema, withEvent);
    // The row lock makes the check in `change` and the write one step across every server.
    return this.database.transaction(async (client) => {
      const { rows } = await client.query<{ record: CredentialRecord }>('SELECT record FROM credentials WHERE id = $1 FOR UPDATE', [id]);
      const current = rows[0]?.record;
      const next = current === undefined ? undefined : change(current);
      if (current === undefined || next === undefined) return undefined;
      requireSameOwner(current, next, event);
      const record = storable(credentialRecordSchema, next);
      await client.query('UPDATE credentials SET record = $2 WHERE id = $1', [id, record]);
      if (event) await appendEvent(client, event);
      return record;
    });
  }

  async removeCredential(id: string): Promise<CredentialRecord | undefined> {
    const { rows } = await this.query<{ record: CredentialRecord }>('DELETE FROM credentials WHERE id = $1 RETURNING record', [id]);
    return rows[0]?.record;
  }

  // Events

  async recordEvent(event: EventRecord): Promise<void> {
    const record = storable(eventRecordSchema, event);
    this.requireOpen();
    await this.database.transaction((client) => appendEvent(client, record));
  }

  async listEvents(siteId: string, userId: string): Promise<EventRecord[]> {
    const { rows } = await this.query<{ record: EventRecord }>(
      'SELECT record FROM events WHERE site_id = $1 AND user_id = $2 ORDER BY seq',
      [siteId, userId],
      'pkc-list-events',
    );
    return rows.map((row) => row.record);
  }

  // Signing keys and redeemed tokens

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    const { rows } = await this.query<{ record: SigningKeyRecord }>('SELECT record FROM signing_keys ORDER BY added');
    return rows.map((row) => row.record);
  }

  async addSigningKey(key: SigningKeyRecord, options?: { onlyIfNone?: boolean }): Promise<boolean> {
    const record = storable(signingKeyRecordSchema, key);
    this.requireOpen();
    return this.database.transaction(async (client) => {
      // Servers starting together on an empty database: the first to take the lock adds the key.
      if (options?.onlyIfNone) await client.query('LOCK TABLE signing_keys IN SHARE ROW EXCLUSIVE MODE');
      const { rowCount } = await client.query(
        `INSERT INTO signing_keys (kid, record) SELECT $1, $2
          WHERE NOT $3 OR NOT EXISTS (SELECT 1 FROM signing_keys)
         ON CONFLICT (kid) DO NOTHING`,
        [record.kid, record, options?.onlyIfNone === true],
      );
      return rowCount === 1;
    });
  }

  async removeSigningKey(kid: string): Promise<boolean> {
    const { rowCount } = await this.query('DELETE FROM signing_keys WHERE kid = $1', [kid]);
    return rowCount === 1;
  }

  async markTokenUsed(jti: string, exp: number, nowSeconds: number): Promise<boolean> {
    if (Date.now() - this.lastTokenSweep > TOKEN_SWEEP_MS) {
      this.lastTokenSweep = Date.now();
      await this.query('DELETE FROM used_tokens WHERE exp < $1', [nowSeconds]);
    }
    // Redeemed by whichever server's INSERT lands first; an id whose entry expired is new again.
    const { rowCount } = await this.query(
      `INSERT INTO used_tokens (jti, exp) VALUES ($1, $2)
       ON CONFLICT (jti) DO UPDATE SET exp = EXCLUDED.exp WHERE used_tokens.exp < $3`,
      [jti, exp, nowSeconds],
    );
    return rowCount === 1;
  }

  async addToCounters(siteId: string, day: string, counts: Readonly<Record<string, number>>): Promise<void> {
    const entries = Object.entries(counts);
    if (entries.length === 0) return;
    // One statement for every name; a site removed meanwhile adds nothing (no row to refer to).
    await this.query(
      `INSERT INTO site_counters (site_id, day, name, count)
       SELECT $1, $2, name, count FROM unnest($3::text[], $4::bigint[]) AS c(name, count)
       WHERE EXISTS (SELECT 1 FROM sites WHERE id = $1)
       ON CONFLICT (site_id, day, name) DO UPDATE SET count = site_counters.count + EXCLUDED.count`,
      [siteId, day, entries.map(([name]) => name), entries.map(([, count]) => count)],
      'pkc-add-counters',
    );
  }

  async readCounters(siteId: string, from: string, to: string): Promise<Record<string, Record<string, number>>> {
    const { rows } = await this.query<{ day: string; name: string; count: string }>(
      'SELECT day, name, count FROM site_counters WHERE site_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, name',
      [siteId, from, to],
    );
    const byDay: Record<string, Record<string, number>> = {};
    for (const row of rows) byDay[row.day] = { ...byDay[row.day], [row.name]: Number(row.count) };
    return byDay;
  }

  async recordAudit(entry: AuditEntry): Promise<void> {
    const record = storable(auditEntrySchema, entry);
    // The insert and the trim to the newest AUDIT_ENTRIES_PER_SITE in one statement (its snapshot
    // doesn't see the new row: the newest N - 1 older rows stay); no row for a removed site.
    await this.query(
      `WITH added AS (
         INSERT INTO site_audit (site_id, record) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM sites WHERE id = $1) RETURNING seq
       )
       DELETE FROM site_audit WHERE site_id = $1 AND seq < (
         SELECT seq FROM site_audit WHERE site_id = $1 ORDER BY seq DESC OFFSET $3 - 2 LIMIT 1
       ) AND EXISTS (SELECT 1 FROM added)`,
      [record.siteId, record, AUDIT_ENTRIES_PER_SITE],
    );
  }

  async listAudit(siteId: string, limit: number): Promise<AuditEntry[]> {
    const { rows } = await this.query<{ record: AuditEntry }>(
      'SELECT record FROM site_audit WHERE site_id = $1 ORDER BY seq DESC LIMIT $2',
      [siteId, limit],
    );
    return rows.map((row) => row.record);
  }

  async summarizeCredentials(siteId: string): Promise<CredentialSummary> {
    // Two index scans, no record read: users with a passkey from credentials_by_user, the counts
    // per AAGUID × platform from credentials_summary (columns kept from the record: migration
    // 1733700000000), folded into the two breakdowns here (a handful of groups).
    const [users, groups] = await Promise.all([
      this.query<{ users: string }>('SELECT count(DISTINCT user_id) AS users FROM credentials WHERE site_id = $1', [siteId]),
      this.query<{ aaguid: string; platform: string; passkeys: string }>(
        'SELECT aaguid, platform, count(*) AS passkeys FROM credentials WHERE site_id = $1 GROUP BY aaguid, platform',
        [siteId],
      ),
    ]);
    const summary: CredentialSummary = { usersWithPasskeys: Number(users.rows[0]?.users ?? 0), passkeys: 0, byAaguid: {}, byPlatform: {} };
    for (const { aaguid, platform, passkeys } of groups.rows) {
      const count = Number(passkeys);
      summary.passkeys += count;
      summary.byAaguid[aaguid] = (summary.byAaguid[aaguid] ?? 0) + count;
      summary.byPlatform[platform] = (summary.byPlatform[platform] ?? 0) + count;
    }
    return summary;
  }

  // The site-owner console (pgConsoleRecords.ts)

  getConsoleOwner(ownerId: string): Promise<ConsoleOwnerRecord | undefined> {
    return this.consoleRecords.getOwner(ownerId);
  }

  putConsoleOwner(owner: ConsoleOwnerRecord): Promise<void> {
    return this.consoleRecords.putOwner(owner);
  }

  listConsoleOwners(siteId: string): Promise<ConsoleOwnerRecord[]> {
    return this.consoleRecords.ownersOf(siteId);
  }

  addConsoleOwnerSite(ownerId: string, siteId: string, maxSites: number): Promise<'added' | 'already' | 'full' | 'no-owner'> {
    return this.consoleRecords.addOwnerSite(ownerId, siteId, maxSites);
  }

  removeConsoleOwnerSite(ownerId: string, siteId: string): Promise<boolean> {
    return this.consoleRecords.removeOwnerSite(ownerId, siteId);
  }

  getConsolePasskey(credentialId: string): Promise<ConsolePasskeyRecord | undefined> {
    return this.consoleRecords.getPasskey(credentialId);
  }

  putConsolePasskey(passkey: ConsolePasskeyRecord): Promise<void> {
    return this.consoleRecords.putPasskey(passkey);
  }

  addConsoleInvite(invite: ConsoleInviteRecord): Promise<void> {
    return this.consoleRecords.addInvite(invite);
  }

  countConsoleInvites(siteId: string, nowIso: string): Promise<number> {
    return this.consoleRecords.countInvites(siteId, nowIso);
  }

  getConsoleInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined> {
    return this.consoleRecords.getInvite(tokenHash, nowIso);
  }

  takeConsoleInvite(tokenHash: string, nowIso: string): Promise<ConsoleInviteRecord | undefined> {
    return this.consoleRecords.takeInvite(tokenHash, nowIso);
  }

  putConsoleSession(session: ConsoleSessionRecord): Promise<void> {
    return this.consoleRecords.putSession(session);
  }

  getConsoleSession(idHash: string, nowIso: string): Promise<ConsoleSessionRecord | undefined> {
    return this.consoleRecords.getSession(idHash, nowIso);
  }

  removeConsoleSession(idHash: string): Promise<void> {
    return this.consoleRecords.removeSession(idHash);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.database.close();
  }
}

/**
 * Appends one event to its user's history and trims the history to EVENTS_PER_USER with the
 * embedded store's rule (eventHistory.ts), under a per-user lock held to the transaction's end.
 */
async function appendEvent(client: Queryable, event: EventRecord): Promise<void> {
  // The lock first, in its own statement: the next statement's snapshot then sees every
  // event committed by whoever held it before.
  await client.query({
    name: 'pkc-lock-history',
    text: "SELECT pg_advisory_xact_lock(hashtextextended($1 || E'\\n' || $2, 0))",
    values: [event.siteId, event.userId],
  });
  // The insert and the history it joins in one round trip (a statement doesn't see its own insert: hence the UNION).
  const { rows } = await client.query<{ seq: string; record: EventRecord }>({
    name: 'pkc-append-event',
    text: `WITH added AS (INSERT INTO events (site_id, user_id, record) VALUES ($1, $2, $3) RETURNING seq, record)
           SELECT seq, record FROM (SELECT seq, record FROM events WHERE site_id = $1 AND user_id = $2 UNION ALL SELECT seq, record FROM added) history
           ORDER BY seq`,
    values: [event.siteId, event.userId, event],
  });
  if (rows.length <= EVENTS_PER_USER) return;
  const kept = [...rows];
  const dropped: string[] = [];
  while (kept.length > EVENTS_PER_USER) {
    const [gone] = kept.splice(eventToDrop(kept.map((row) => row.record)), 1);
    if (gone) dropped.push(gone.seq);
  }
  await client.query('DELETE FROM events WHERE seq = ANY($1::bigint[])', [dropped]);
}
