import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../testing/postgres.ts';
import { consoleInvite, consoleOwner, consolePasskey, consoleSession } from '../consoleContract.ts';
import { readDataSet, writeDataSetFiles } from '../dataSetFiles.ts';
import { LowdbStore } from '../lowdbStore.ts';
import { emptyData, type DataFile } from '../records.ts';
import { contractSite } from '../storeContract.ts';
import { Database } from './database.ts';
import { exportDataSet, importDataSet } from './dataSetTransfer.ts';
import { PgStore } from './pgStore.ts';

/* The site-owner console's records through a data set's copies: embedded files ↔ PostgreSQL. */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pkc-transfer-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const site = contractSite();
const olive = consoleOwner('olive', [site.id], 0);
const key = consolePasskey('ck-olive', olive.id, 3);
const invite = consoleInvite(1, site.id, 0);
const session = consoleSession(1, olive.id, 0);
/** A moment all of them are live at. */
const now = invite.createdAt;

function withConsole(): DataFile {
  return {
    ...emptyData(),
    sites: [site],
    consoleOwners: [olive],
    consolePasskeys: [key],
    consoleInvites: [invite],
    consoleSessions: [session],
  };
}

describe('console records in a data set copy', { timeout: 30_000 }, () => {
  it('embedded files keep all four; reading the data set for a copy leaves invites and sessions out', async () => {
    const dataFile = join(dir, 'companion.json');
    await writeDataSetFiles(dataFile, withConsole());
    const store = await LowdbStore.open(dataFile);
    expect(await store.listConsoleOwners(site.id)).toEqual([olive]);
    expect(await store.getConsolePasskey(key.id)).toEqual(key);
    expect(await store.getConsoleInvite(invite.tokenHash, now)).toEqual(invite);
    expect(await store.getConsoleSession(session.idHash, now)).toEqual(session);
    await store.close();
    const copy = await readDataSet(dataFile);
    expect(copy.consoleOwners).toEqual([olive]);
    expect(copy.consolePasskeys).toEqual([key]);
    expect(copy).not.toHaveProperty('consoleInvites');
    expect(copy).not.toHaveProperty('consoleSessions');
  });

  it('PostgreSQL imports all four, exports owners and passkeys only, and a replacing import clears the console tables', async () => {
    const url = await freshDatabase();
    const store = await PgStore.open(url);
    const database = new Database(url);
    try {
      await importDataSet(database, withConsole());
      expect(await store.listConsoleOwners(site.id)).toEqual([olive]);
      expect(await store.getConsolePasskey(key.id)).toEqual(key);
      expect(await store.getConsoleSession(session.idHash, now)).toEqual(session);
      const exported = await exportDataSet(database);
      expect(exported.consoleOwners).toEqual([olive]);
      expect(exported.consolePasskeys).toEqual([key]);
      expect(exported).not.toHaveProperty('consoleInvites');
      expect(exported).not.toHaveProperty('consoleSessions');

      await importDataSet(database, exported, { replace: true });
      // Found by site: the indexed array of sites came in with the record.
      expect(await store.listConsoleOwners(site.id)).toEqual([olive]);
      expect(await store.getConsolePasskey(key.id)).toEqual(key);
      expect(await store.getConsoleInvite(invite.tokenHash, now)).toBeUndefined();
      expect(await store.getConsoleSession(session.idHash, now)).toBeUndefined();
      await importDataSet(database, { ...emptyData(), sites: [site] }, { replace: true });
      expect(await store.getConsoleOwner(olive.id)).toBeUndefined();
    } finally {
      await database.close();
      await store.close();
    }
  });
});
