import pg from 'pg';
import { importDataSet } from '../src/store/postgres/dataSetTransfer.ts';
import { Database } from '../src/store/postgres/database.ts';
import { migrateToLatest } from '../src/store/postgres/migrate.ts';
import { generateDataSet } from './dataset.ts';

/*
 * generateDataSet(N) into PostgreSQL through importDataSet (validation, username keys, the
 * bounded histories), in slices: a million users at once is ~4 GB of JavaScript objects
 * before importDataSet validates a copy of them, past Node's default heap.
 *
 * importDataSet refuses a database that holds data, so only the first slice (which brings the
 * site) goes straight in; every later slice is imported into a staging schema of the same
 * database (same tables, no indexes; the sequences are the real ones) with `replace`, then
 * moved over with INSERT … SELECT — its site row stays behind, the site is created once.
 */

const SLICE = 100_000;
const STAGED = ['users', 'credentials', 'events'] as const;
const STAGING = 'bench_staging';
const ALL_TABLES = ['sites', ...STAGED, 'signing_keys', 'used_tokens'];

export interface LoadFigures {
  loadMs: number;
  /** Of loadMs: VACUUM ANALYZE and CHECKPOINT after the load, so the measurement starts from settled tables. */
  settleMs: number;
  slices: number;
  /** What the database holds after the load, counted. */
  rows: { users: number; credentials: number; events: number };
  serverVersion: string;
}

export async function bulkLoad(url: string, users: number, log: (line: string) => void): Promise<LoadFigures> {
  const started = performance.now();
  const database = new Database(url, { maxConnections: 2 });
  // The moves and VACUUM take longer than the pool's query timeout: a plain client has none.
  const direct = new pg.Client({ connectionString: url });
  await direct.connect();
  let staging: Database | undefined;
  try {
    await migrateToLatest(database);
    const slices = Math.max(1, Math.ceil(users / SLICE));
    for (let slice = 0; slice < slices; slice += 1) {
      const first = slice * SLICE;
      const data = generateDataSet(Math.min(SLICE, users - first), 1 + slice, first);
      if (slice === 0) {
        await importDataSet(database, data);
      } else {
        staging ??= await stagingDatabase(direct, url);
        await importDataSet(staging, data, { replace: true });
        await direct.query(
          `BEGIN;
           INSERT INTO users SELECT * FROM ${STAGING}.users ORDER BY name_claim;
           INSERT INTO credentials (id, site_id, user_id, record) SELECT id, site_id, user_id, record FROM ${STAGING}.credentials;
           INSERT INTO events SELECT * FROM ${STAGING}.events ORDER BY seq;
           COMMIT`,
        );
      }
      log(`  loaded ${first + Math.min(SLICE, users - first)} / ${users} users (${Math.round((performance.now() - started) / 1000)} s)`);
    }
    if (staging) await direct.query(`DROP SCHEMA ${STAGING} CASCADE`);
    const settling = performance.now();
    await direct.query('VACUUM ANALYZE');
    await direct.query('CHECKPOINT');
    const loadMs = performance.now() - started;
    const settleMs = performance.now() - settling;
    const counted = await direct.query<{ users: string; credentials: string; events: string; version: string }>(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM credentials) AS credentials,
              (SELECT count(*) FROM events) AS events, current_setting('server_version') AS version`,
    );
    const row = counted.rows[0];
    if (!row) throw new Error('no counts');
    const rows = { users: Number(row.users), credentials: Number(row.credentials), events: Number(row.events) };
    return { loadMs, settleMs, slices, rows, serverVersion: row.version };
  } finally {
    await staging?.close();
    await database.close();
    await direct.end();
  }
}

/** The staging schema, and a connection whose unqualified table names resolve to it (sequences to public). */
async function stagingDatabase(database: pg.Client, url: string): Promise<Database> {
  await database.query(`CREATE SCHEMA ${STAGING}`);
  for (const table of ALL_TABLES) await database.query(`CREATE TABLE ${STAGING}.${table} (LIKE public.${table} INCLUDING DEFAULTS)`);
  const staged = new URL(url);
  staged.searchParams.set('options', `-c search_path=${STAGING},public`);
  return new Database(staged.toString(), { maxConnections: 1 });
}
