import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../testing/postgres.ts';
import { ApiError } from '../../errors.ts';
import { consoleOwner } from '../consoleContract.ts';
import { contractSite, contractUser, describeStoreContract } from '../storeContract.ts';
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

describe('PgStore on one database with another server', () => {
  it("updateSite starts from the database, not this server's cached copy: another server's new secret stays", async () => {
    const database = await freshDatabase();
    const [a, b] = await Promise.all([PgStore.open(database), PgStore.open(database)]);
    try {
      const site = contractSite();
      await a.putSite(site);
      // B reads the site: its cache now holds the old secret for a while.
      expect((await b.getSite(site.id))?.secretHash).toBe(site.secretHash);
      const rotated = 'b'.repeat(64);
      await a.updateSite(site.id, (current) => ({ ...current, secretHash: rotated }));
      const policy = { paused: true };
      const written = await b.updateSite(site.id, (current) => ({ ...current, policy }));
      expect(written).toEqual({ ...site, secretHash: rotated, policy });
      expect(await a.getSite(site.id)).toEqual({ ...site, secretHash: rotated, policy });
      // B's own cache was dropped with its write.
      expect(await b.getSite(site.id)).toEqual({ ...site, secretHash: rotated, policy });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('PgStore and text PostgreSQL cannot hold', () => {
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'stored',
      (caught: unknown) => caught,
    );
  const badRequest = (error: unknown) => {
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'bad_request', message: 'the text holds a character that cannot be stored (U+0000)' });
  };

  it('a NUL (U+0000) in a record or a key is bad_request (400), not a 500, and nothing is stored', async () => {
    const store = await PgStore.open(await freshDatabase());
    try {
      const site = contractSite();
      await store.putSite(site);
      // In the jsonb record, and in a text column beside it.
      badRequest(await refusal(store.putUser(contractUser(site.id, 'u1', 'ali\u0000ce'))));
      badRequest(await refusal(store.putUser({ ...contractUser(site.id, 'u\u00002', 'bob'), webauthnUserId: 'handle-u2' })));
      const olive = consoleOwner('olive', [site.id], 0);
      badRequest(await refusal(store.putConsoleOwner({ ...olive, name: 'Ol\u0000ive' })));
      // Inside a transaction too: the site keeps its name.
      badRequest(await refusal(store.updateSite(site.id, (current) => ({ ...current, name: 'Sh\u0000op' }))));
      expect(await store.getUser(site.id, 'u1')).toBeUndefined();
      expect(await store.findUserByUsername(site.id, 'bob')).toBeUndefined();
      expect(await store.getConsoleOwner(olive.id)).toBeUndefined();
      expect(await store.listConsoleOwners(site.id)).toEqual([]);
      expect(await store.getSite(site.id)).toEqual(site);
      // The store works on after it.
      await store.putUser(contractUser(site.id, 'u1', 'alice'));
      expect((await store.findUserByUsername(site.id, 'alice'))?.userId).toBe('u1');
    } finally {
      await store.close();
    }
  });
});
