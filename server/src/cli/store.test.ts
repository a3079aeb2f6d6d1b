import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDataSet } from '../../bench/dataset.ts';
import { readDataSet, writeDataSetFiles } from '../store/dataSetFiles.ts';
import { PgStore } from '../store/postgres/pgStore.ts';
import type { DataFile } from '../store/records.ts';
import { freshDatabase } from '../testing/postgres.ts';
import { parseStoreArgs, runStoreCommand, StoreUsageError } from './runStoreCommand.ts';

/* `npm run store -- import | export`: an embedded data set into PostgreSQL and back (issue 12). */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pkc-store-cli-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A generated site plus what a generator doesn't make: a name two users share, rotated keys, redeemed tokens. */
function dataSet(): DataFile {
  const data = generateDataSet(300, 7);
  const [first, second] = data.users;
  if (!first || !second) throw new Error('generated too few users');
  // The later put of a shared name holds it (neither has passkeys here).
  data.users.push(
    { ...first, userId: 'renamed-a', username: 'Shared@Example.com' },
    { ...second, userId: 'renamed-b', username: 'shared@example.com' },
  );
  const key = (kid: string) => ({
    kid,
    privateJwk: { kty: 'EC' as const, crv: 'P-256' as const, x: 'x', y: 'y', d: 'd' },
    createdAt: '2026-11-01T00:00:00.000Z',
  });
  data.previousSigningKeys = [key('old-key')];
  data.signingKey = { ...key('new-key'), notBefore: '2026-11-02T00:00:00.000Z' };
  data.usedTokens = [{ jti: 'redeemed-1', exp: 4_000_000_000 }];
  data.audit = [
    { siteId: 'site_benchmark01', at: '2026-11-30T10:00:00.000Z', actor: 'cli', action: 'policy-changed', detail: '{"paused":true}' },
  ];
  // A console owner of the site with a passkey (links and sessions are short-lived: not carried).
  data.consoleOwners = [
    {
      id: 'own_aaaaaaaaaaaaaaaaaaaa',
      name: 'Olivia',
      webauthnUserId: 'b3duZXI',
      siteIds: ['site_benchmark01'],
      createdAt: '2026-11-30T09:00:00.000Z',
    },
  ];
  data.consolePasskeys = [
    {
      id: 'Y29uc29sZS1wYXNza2V5',
      ownerId: 'own_aaaaaaaaaaaaaaaaaaaa',
      publicKey: 'pQECAyYgASFYIA',
      counter: 0,
      transports: ['internal'],
      createdAt: '2026-11-30T09:00:00.000Z',
      lastUsedAt: null,
    },
  ];
  data.siteCounters = {
    site_benchmark01: { '2026-11-30': { appendCreated: 3, 'decision:passkey': 7 }, '2026-12-01': { appendCreated: 1 } },
  };
  return data;
}

/** Keys sorted: PostgreSQL's jsonb keeps an object's keys in an order of its own. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );

/** The same data set whatever order rows (and their keys) come out in. */
function normalized(data: DataFile): unknown {
  const sorted = <T>(rows: readonly T[]) => rows.map(canonical).sort();
  return {
    ...data,
    sites: sorted(data.sites),
    users: sorted(data.users),
    credentials: sorted(data.credentials),
    events: sorted(data.events),
  };
}

describe('npm run store', { timeout: 30_000 }, () => {
  it('copies an embedded data set into PostgreSQL and back unchanged; the copy serves the same lookups', async () => {
    const original = dataSet();
    const source = join(dir, 'source.json');
    await writeDataSetFiles(source, original);
    const databaseUrl = await freshDatabase();
    const imported = await runStoreCommand({ databaseUrl }, parseStoreArgs(['import', source]));
    expect(imported).toMatchObject({ imported: { sites: 1, users: 302, credentials: 600, consoleOwners: 1 } });

    const store = await PgStore.open(databaseUrl);
    expect((await store.findUserByUsername('site_benchmark01', 'SHARED@example.com'))?.userId).toBe('renamed-b');
    const someone = original.credentials[42];
    expect(await store.getCredential(someone?.id ?? '')).toEqual(someone);
    expect((await store.listSigningKeys()).map((key) => key.kid)).toEqual(['old-key', 'new-key']);
    expect(await store.markTokenUsed('redeemed-1', 4_000_000_000, 1)).toBe(false);
    expect((await store.listConsoleOwners('site_benchmark01')).map((owner) => owner.name)).toEqual(['Olivia']);
    expect((await store.getConsolePasskey('Y29uc29sZS1wYXNza2V5'))?.ownerId).toBe('own_aaaaaaaaaaaaaaaaaaaa');
    await store.close();

    const copy = join(dir, 'copy.json');
    expect(await runStoreCommand({ databaseUrl }, parseStoreArgs(['export', copy]))).toMatchObject({ exported: { users: 302 } });
    expect(normalized(await readDataSet(copy))).toEqual(normalized(await readDataSet(source)));
  });

  it('refuses to write over a data set unless told, and changes nothing when it refuses', async () => {
    const source = join(dir, 'source.json');
    await writeDataSetFiles(source, dataSet());
    const databaseUrl = await freshDatabase();
    await runStoreCommand({ databaseUrl }, parseStoreArgs(['import', source]));
    const other = join(dir, 'other.json');
    const small = generateDataSet(5, 99);
    await writeDataSetFiles(other, small);
    await expect(runStoreCommand({ databaseUrl }, parseStoreArgs(['import', other]))).rejects.toThrow(
      /already holds a data set; pass --replace/,
    );
    const store = await PgStore.open(databaseUrl);
    expect((await store.findUserByUsername('site_benchmark01', 'person299@example.com'))?.userId).toBe('user-299');
    await store.close();
    // An export over an existing embedded data set: refused, then with --replace done.
    await expect(runStoreCommand({ databaseUrl }, parseStoreArgs(['export', other]))).rejects.toThrow(/already holds a data set/);
    expect((await readDataSet(other)).users).toHaveLength(5);
    await runStoreCommand({ databaseUrl }, parseStoreArgs(['import', other, '--replace']));
    await runStoreCommand({ databaseUrl }, parseStoreArgs(['export', source, '--replace']));
    expect(normalized(await readDataSet(source))).toEqual(normalized(small));
  });

  it('says what is wrong with a command line (exit 2), and needs DATABASE_URL for a copy', async () => {
    expect(() => parseStoreArgs(['import'])).toThrow(StoreUsageError);
    expect(() => parseStoreArgs(['export', 'a', 'b'])).toThrow(/exactly one FILE/);
    expect(() => parseStoreArgs(['import', 'a', '--force'])).toThrow(/unknown option --force/);
    expect(() => parseStoreArgs(['shred'])).toThrow(/unknown command shred/);
    const run = promisify(execFile);
    const result = await run(resolve('node_modules/.bin/tsx'), [resolve('server/src/cli/store.ts'), 'import', join(dir, 'x.json')], {
      env: { ...process.env, DATABASE_URL: '', DATA_FILE: join(dir, 'c.json') },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('import needs DATABASE_URL') });
  });
});
