import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempFileFor } from '../store/atomicTextFile.ts';
import { readDataSet } from '../store/dataSetFiles.ts';
import { dataSetText } from '../testing/dataSetText.ts';
import { LowdbStore } from '../store/lowdbStore.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { device, startSecurityServer, type SecurityServer } from './harness.ts';

/*
 * ARCHITECTURE §6: one process owns the file, writes go through one instance, and a
 * failed write is reported, never papered over. (Ownership and damaged files on start:
 * store/lowdbStore.test.ts. Kill mid-write: crashSafety.test.ts.)
 */

let server: SecurityServer | undefined;
afterEach(() => server?.stop());

describe('serialized writes', () => {
  it('200 concurrent registrations through the endpoints → 200 credentials in the reopened file', async () => {
    server = await startSecurityServer();
    const shop = await server.addSite('shop.localhost');
    const running = server;
    const ids = await Promise.all(
      Array.from({ length: 200 }, (_, i) => running.register(shop, `u-${i}`, `user${i}`, new SoftAuthenticator(), device(`d${i}`))),
    );
    expect(new Set(ids).size).toBe(200);
    await running.close();
    const reopened = await LowdbStore.open(running.dataFile);
    try {
      const stored = await Promise.all(ids.map((id) => reopened.getCredential(id)));
      expect(stored.filter((credential) => credential !== undefined)).toHaveLength(200);
      const file = await readDataSet(running.dataFile);
      expect(file.credentials).toHaveLength(200);
    } finally {
      await reopened.close();
    }
  }, 30_000);
});

describe('the data file', () => {
  it('is private (0600): it holds the token signing key', async () => {
    server = await startSecurityServer();
    expect((await stat(server.dataFile)).mode & 0o777).toBe(0o600);
    await server.addSite('shop.localhost');
    expect((await stat(server.dataFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(server.dataFile, 'utf8')).toContain('"d":');
  });

  it('a leftover temp file from a killed writer is removed at start, the data kept', async () => {
    server = await startSecurityServer();
    await server.addSite('shop.localhost');
    const { dataFile } = server;
    await server.close();
    const before = await readFile(dataFile, 'utf8');
    await writeFile(tempFileFor(dataFile), before.slice(0, 40));
    const store = await LowdbStore.open(dataFile);
    await expect(stat(tempFileFor(dataFile))).rejects.toThrow(/ENOENT/);
    expect(await store.listSites()).toHaveLength(1);
    await store.close();
    expect(await readFile(dataFile, 'utf8')).toBe(before);
  });
});

describe('a failing disk', () => {
  /** The data directory becomes a file: every write fails (ENOTDIR), as on a full or broken disk. */
  async function breakDisk(dir: string): Promise<() => Promise<void>> {
    await rename(dir, `${dir}.away`);
    await writeFile(dir, 'not a directory');
    return async () => {
      await rm(dir);
      await rename(`${dir}.away`, dir);
    };
  }

  it('answers 503 storage_failed and nothing it refused is saved, now or later', async () => {
    server = await startSecurityServer();
    const shop = await server.addSite('shop.localhost');
    const ceremony = await server.offer(shop, 'u-1', 'alice', device('alice'));
    const response = new SoftAuthenticator().create(ceremony.options, shop.origin);
    const onDisk = await dataSetText(server.dataFile);

    const repair = await breakDisk(server.dir);
    const reply = await server.call('/v1/ext/append/finish', { body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response } });
    expect(reply).toMatchObject({ status: 503, json: { error: { code: 'storage_failed' } } });
    expect(await server.store.getCredential(response.id)).toBeUndefined();
    const site = await server.store.getSite(shop.siteId);
    if (!site) throw new Error('site missing');
    await expect(server.store.putSite({ ...site, name: 'renamed' })).rejects.toMatchObject({ code: 'storage_failed' });
    expect((await server.store.getSite(shop.siteId))?.name).toBe('shop.localhost');
    await repair();

    expect(await dataSetText(server.dataFile)).toBe(onDisk);
    // The next successful writes must not resurrect what was refused.
    await server.addSite('bank.localhost');
    await server.offer(shop, 'u-1', 'alice', device('alice'));
    const after = await dataSetText(server.dataFile);
    expect(after).not.toContain(response.id);
    expect(after).not.toContain('renamed');
    expect(await server.store.listCredentials(shop.siteId, 'u-1')).toEqual([]);
  });

  it('a data file whose directory cannot be created refuses to start', async () => {
    server = await startSecurityServer();
    const blocker = join(server.dir, 'file');
    await writeFile(blocker, '');
    await expect(LowdbStore.open(join(blocker, 'sub', 'companion.json'))).rejects.toThrow(/ENOTDIR|not a directory/);
  });
});
