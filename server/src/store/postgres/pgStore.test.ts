import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../testing/postgres.ts';
import { describeStoreContract } from '../storeContract.ts';
import { MIGRATIONS_DIR, MIGRATIONS_TABLE } from './migrate.ts';
import { PgStore } from './pgStore.ts';

let url: string;
describeStoreContract('PostgreSQL', {
  open: async () => {
    url = await freshDatabase();
    return PgStore.open(url);
  },
  reopen: () => PgStore.open(url),
  cleanup: async () => undefined,
});

describe('PgStore schema', () => {
  it('migrates a new database once, records it in the migrations table, and a second start changes nothing', async () => {
    const database = await freshDatabase();
    const logged: string[] = [];
    await (await PgStore.open(database, { log: (line) => logged.push(line) })).close();
    const versions = (await readdir(MIGRATIONS_DIR))
      .filter((file) => file.endsWith('.sql'))
      .map((file) => file.replace(/\.sql$/, ''))
      .sort();
    expect(versions[0]).toMatch(/_initial-schema$/);
    expect(logged).toEqual(versions.map((version) => `database schema: applied ${version}`));
    logged.length = 0;
    // Two servers starting together on the same database wait for each other's migration.
    const stores = await Promise.all([PgStore.open(database, { log: (line) => logged.push(line) }), PgStore.open(database)]);
    await Promise.all(stores.map((store) => store.close()));
    expect(logged).toEqual([]);
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    await client.end();
    expect(rows.map((row) => row.name)).toEqual(versions);
  });

  it('refuses to start with a clear message, password masked, when the database is unreachable', async () => {
    const error = await PgStore.open('postgres://companion:hunter2@127.0.0.1:1/companion').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'store_unavailable' });
    expect(String((error as Error).message)).toMatch(/cannot open the database postgres:\/\/companion:\*\*\*@127\.0\.0\.1:1\/companion/);
    expect(String((error as Error).message)).not.toContain('hunter2');
  });
});
