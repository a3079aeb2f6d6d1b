import { documentsOf } from '../dataSetFiles.ts';
import { eventRecord } from '../shardFile.ts';
import {
  dataFileSchema,
  DATA_VERSION,
  type AuditEntry,
  type ConsoleOwnerRecord,
  type ConsolePasskeyRecord,
  type CredentialRecord,
  type DataFile,
  type EventRecord,
  type SigningKeyRecord,
  type SiteCounters,
  type SiteRecord,
  type UserRecord,
} from '../records.ts';
import { normalizeUsername } from '../Store.ts';
import type { Database } from './database.ts';

/*
 * A whole data set into PostgreSQL and out of it, in the embedded store's interchange shape
 * (`DataFile`, what readDataSet / writeDataSetFiles speak): `npm run store -- import | export`
 * and the benchmark's bulk load. Rows go in batches of a few thousand as one jsonb parameter,
 * which PostgreSQL unpacks itself: one round trip per batch, not per row.
 */

const BATCH = 5_000;
const DATA_TABLES = [
  'sites',
  'users',
  'credentials',
  'events',
  'signing_keys',
  'used_tokens',
  'site_counters',
  'site_audit',
  'console_owners',
  'console_passkeys',
  'console_invites',
  'console_sessions',
] as const;

/** What can run a query: the pool (Database) or one transaction's client. */
interface Queries {
  query(text: string): Promise<{ rows: unknown[] }>;
}

/** Whether the database holds any data (sites, users, keys…): an import refuses to mix data sets. */
export async function holdsData(database: Queries): Promise<boolean> {
  const { rows } = await database.query(`SELECT ${DATA_TABLES.map((table) => `EXISTS (SELECT 1 FROM ${table})`).join(' OR ')} AS any`);
  const [row] = rows as { any: boolean }[];
  return row?.any === true;
}

/**
 * Copies `data` in, in one transaction (all or nothing). With `replace`, what the database held
 * is deleted first; without, a database holding data is refused.
 */
export async function importDataSet(database: Database, data: DataFile, options: { replace?: boolean } = {}): Promise<void> {
  const checked = dataFileSchema.parse(data);
  await database.transaction(async (client) => {
    await client.query(`LOCK TABLE ${DATA_TABLES.join(', ')} IN EXCLUSIVE MODE`);
    if (options.replace) {
      await client.query(`TRUNCATE ${DATA_TABLES.join(', ')}`);
    } else if (await holdsData(client)) {
      throw new Error('the database already holds a data set; pass --replace to overwrite it');
    }
    const insert = async <T>(rows: readonly T[], sql: string) => {
      for (let i = 0; i < rows.length; i += BATCH) await client.query(sql, [JSON.stringify(rows.slice(i, i + BATCH))]);
    };
    await insert(checked.sites, "INSERT INTO sites (id, record) SELECT r->>'id', r FROM jsonb_array_elements($1::jsonb) r");
    // Users in the order their names were claimed, so a name two users share keeps its holder.
    const documents = documentsOf(checked);
    const users = documents.flatMap((doc) => (doc.user ? [{ record: doc.user, key: normalizeUsername(doc.user.username) }] : []));
    await insert(
      users,
      `INSERT INTO users (site_id, user_id, username_key, name_claim, record)
       SELECT r->'record'->>'siteId', r->'record'->>'userId', r->>'key', nextval('name_claims'), r->'record'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n`,
    );
    await insert(
      documents.flatMap((doc) => doc.credentials),
      "INSERT INTO credentials (id, site_id, user_id, record) SELECT r->>'id', r->>'siteId', r->>'userId', r FROM jsonb_array_elements($1::jsonb) r",
    );
    // Each user's history as the embedded store bounds it, oldest first.
    await insert(
      documents.flatMap((doc) => doc.events.map((tuple) => eventRecord(doc, tuple))),
      `INSERT INTO events (site_id, user_id, record)
       SELECT r->>'siteId', r->>'userId', r FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n`,
    );
    const keys = [...(checked.previousSigningKeys ?? []), ...(checked.signingKey ? [checked.signingKey] : [])];
    await insert(
      keys,
      "INSERT INTO signing_keys (kid, record) SELECT r->>'kid', r FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n",
    );
    await insert(
      checked.usedTokens,
      "INSERT INTO used_tokens (jti, exp) SELECT r->>'jti', (r->>'exp')::bigint FROM jsonb_array_elements($1::jsonb) r",
    );
    const counters = Object.entries(checked.siteCounters ?? {}).flatMap(([siteId, days]) =>
      Object.entries(days).flatMap(([day, counts]) => Object.entries(counts).map(([name, count]) => ({ siteId, day, name, count }))),
    );
    await insert(
      counters,
      "INSERT INTO site_counters (site_id, day, name, count) SELECT r->>'siteId', r->>'day', r->>'name', (r->>'count')::bigint FROM jsonb_array_elements($1::jsonb) r",
    );
    await insert(
      checked.audit ?? [],
      "INSERT INTO site_audit (site_id, record) SELECT r->>'siteId', r FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n",
    );
    await insert(
      checked.consoleOwners ?? [],
      `INSERT INTO console_owners (id, site_ids, record)
       SELECT r->>'id', ARRAY(SELECT jsonb_array_elements_text(r->'siteIds')), r FROM jsonb_array_elements($1::jsonb) r`,
    );
    await insert(
      checked.consolePasskeys ?? [],
      "INSERT INTO console_passkeys (id, owner_id, record) SELECT r->>'id', r->>'ownerId', r FROM jsonb_array_elements($1::jsonb) r",
    );
    // Exports leave invites and sessions out; a data set that has them brings them (an invite
    // only with its site, as addConsoleInvite keeps it).
    await insert(
      checked.consoleInvites ?? [],
      `INSERT INTO console_invites (token_hash, site_id, expires_at, record)
       SELECT r->>'tokenHash', r->>'siteId', (r->>'expiresAt')::timestamptz, r FROM jsonb_array_elements($1::jsonb) r
        WHERE EXISTS (SELECT 1 FROM sites WHERE id = r->>'siteId')`,
    );
    await insert(
      checked.consoleSessions ?? [],
      `INSERT INTO console_sessions (id_hash, owner_id, expires_at, record)
       SELECT r->>'idHash', r->>'ownerId', (r->>'expiresAt')::timestamptz, r FROM jsonb_array_elements($1::jsonb) r`,
    );
  });
}

/** Everything the database holds, as one data set (users in name-claim order, histories oldest first). */
export async function exportDataSet(database: Database): Promise<DataFile> {
  const records = async <T>(sql: string): Promise<T[]> => (await database.query<{ record: T }>(sql)).rows.map((row) => row.record);
  const keys = await records<SigningKeyRecord>('SELECT record FROM signing_keys ORDER BY added');
  const usedTokens = (await database.query<{ jti: string; exp: string }>('SELECT jti, exp FROM used_tokens ORDER BY jti')).rows;
  const audit = await records<AuditEntry>('SELECT record FROM site_audit ORDER BY seq');
  const consoleOwners = await records<ConsoleOwnerRecord>(
    `SELECT record FROM console_owners ORDER BY (record->>'createdAt')::timestamptz, id COLLATE "C"`,
  );
  const consolePasskeys = await records<ConsolePasskeyRecord>(
    `SELECT record FROM console_passkeys ORDER BY (record->>'createdAt')::timestamptz, id COLLATE "C"`,
  );
  const siteCounters: SiteCounters = {};
  const counterRows = await database.query<{ site_id: string; day: string; name: string; count: string }>(
    'SELECT site_id, day, name, count FROM site_counters ORDER BY site_id, day, name',
  );
  for (const row of counterRows.rows) {
    const days = siteCounters[row.site_id] ?? {};
    days[row.day] = { ...days[row.day], [row.name]: Number(row.count) };
    siteCounters[row.site_id] = days;
  }
  return {
    version: DATA_VERSION,
    sites: await records<SiteRecord>('SELECT record FROM sites ORDER BY id'),
    users: await records<UserRecord>('SELECT record FROM users ORDER BY name_claim'),
    credentials: await records<CredentialRecord>("SELECT record FROM credentials ORDER BY site_id, user_id, record->>'createdAt', id"),
    events: await records<EventRecord>('SELECT record FROM events ORDER BY seq'),
    signingKey: keys.at(-1) ?? null,
    ...(keys.length > 1 ? { previousSigningKeys: keys.slice(0, -1) } : {}),
    usedTokens: usedTokens.map((row) => ({ jti: row.jti, exp: Number(row.exp) })),
    ...(counterRows.rows.length > 0 ? { siteCounters } : {}),
    ...(audit.length > 0 ? { audit } : {}),
    // The console's invites and sessions stay behind: they are short-lived (an enrolment link,
    // a sign-in), and a copy of the data set should not carry live sign-ins elsewhere.
    ...(consoleOwners.length > 0 ? { consoleOwners } : {}),
    ...(consolePasskeys.length > 0 ? { consolePasskeys } : {}),
  };
}
