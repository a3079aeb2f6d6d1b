import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { BENCH_SITE_ID, generateDataSet } from '../../bench/dataset.ts';
import { readDataSet, writeDataSetFiles } from './dataSetFiles.ts';
import { parseDataFile } from './dataFileAdapter.ts';
import { lockFileFor, STALE_AFTER_MS, whoAmI } from './fileLock.ts';
import { LowdbStore } from './lowdbStore.ts';
import { shardDirFor, shardFileName, shardOf } from './manifest.ts';
import type { CredentialRecord } from './records.ts';
import { contractCredential, contractSite, contractUser, describeStoreContract } from './storeContract.ts';

let dir: string;
let dataFile: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pkc-store-'));
  dataFile = join(dir, 'companion.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describeStoreContract('lowdb (embedded)', {
  open: () => LowdbStore.open(dataFile),
  reopen: () => LowdbStore.open(dataFile),
  cleanup: async () => undefined,
});

const site = contractSite();
const FORMAT1_FIXTURE = join(import.meta.dirname, 'fixtures', 'format1.json');

async function refusal(): Promise<unknown> {
  return LowdbStore.open(dataFile).catch((caught: unknown) => caught);
}

describe('LowdbStore files', () => {
  it('refuses a second live owner with a clear message', async () => {
    const owner = await LowdbStore.open(dataFile);
    await expect(LowdbStore.open(dataFile)).rejects.toThrow(/in use by process \d+/);
    await owner.close();
    const next = await LowdbStore.open(dataFile);
    await next.close();
  });

  it('takes over a stale lock left by a dead process', async () => {
    await writeFile(lockFileFor(dataFile), JSON.stringify({ pid: 2_147_483_000, nonce: 'old' }));
    const store = await LowdbStore.open(dataFile);
    expect(await readFile(lockFileFor(dataFile), 'utf8')).toContain(String(process.pid));
    await store.close();
  });

  describe('the lock (security review round 2, finding 2)', () => {
    const writeLock = (lock: Record<string, unknown>) => writeFile(lockFileFor(dataFile), JSON.stringify({ nonce: 'earlier', ...lock }));
    const opens = async () => {
      const store = await LowdbStore.open(dataFile);
      await store.close();
      return true;
    };

    it("a lock naming this very pid is a previous incarnation's (a container's PID 1 restarted after SIGKILL): taken over", async () => {
      await writeLock({ ...whoAmI(), heartbeatAt: Date.now() });
      expect(await opens()).toBe(true);
    });

    it('a live pid of this namespace that started at another time is a reused pid: taken over; the real holder is refused', async () => {
      const init = { ...whoAmI(), pid: 1, heartbeatAt: Date.now() };
      const initStart = Number(readFileSync('/proc/1/stat', 'utf8').split(') ')[1]?.split(' ')[19]);
      await writeLock({ ...init, startTicks: initStart + 1 });
      expect(await opens()).toBe(true);
      await writeLock({ ...init, startTicks: initStart });
      await expect(LowdbStore.open(dataFile)).rejects.toThrow(/in use by process 1\b/);
    });

    it('a holder in another PID namespace or on another host counts as alive while its heartbeat is fresh', async () => {
      const elsewhere = { pid: 7, host: 'another-container', bootId: 'x', pidNamespace: 'pid:[1]' };
      await writeLock({ ...elsewhere, heartbeatAt: Date.now() - 1000 });
      await expect(LowdbStore.open(dataFile)).rejects.toThrow(/in use by process 7/);
      await writeLock({ ...elsewhere, heartbeatAt: Date.now() - STALE_AFTER_MS - 1000 });
      expect(await opens()).toBe(true);
    });

    it('two servers started at once, six times: exactly one owns the data set each time', async () => {
      for (let round = 0; round < 6; round += 1) {
        const children = [0, 1].map(() =>
          spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'openAndHold.ts'), dataFile], {
            stdio: ['pipe', 'pipe', 'inherit'],
          }),
        );
        // Listened to from the start: the refused one exits as soon as it has answered.
        const exited = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
        const answers = await Promise.all(
          children.map(
            (child) =>
              new Promise<string>((resolve) => {
                let out = '';
                child.stdout.on('data', (chunk: Buffer) => {
                  out += chunk.toString();
                  if (out.includes('\n')) resolve(out.split(' ')[0]?.trim() ?? '');
                });
              }),
          ),
        );
        expect(answers.sort()).toEqual(['owner', 'refused']);
        for (const child of children) child.stdin.end();
        await Promise.all(exited);
      }
      // Each round starts two node + TypeScript-loader processes: slow on a loaded machine.
    }, 150_000);
  });

  it.each([
    ['empty', ''],
    ['truncated', '{"version":2,"sites":['],
    ['null', 'null'],
    ['schema-invalid', JSON.stringify({ version: 2, sites: [{ id: 'nope' }] })],
    ['from the future', JSON.stringify({ version: 3 })],
  ])('refuses a %s data file and leaves it untouched', async (_what, content) => {
    await writeFile(dataFile, content);
    const error = await refusal();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'storage_failed', message: expect.stringMatching(/left untouched.*backup/) });
    expect(await readFile(dataFile, 'utf8')).toBe(content);
    // The lock was released: a fixed file can be opened right away.
    await rm(dataFile);
    await (await LowdbStore.open(dataFile)).close();
  });

  async function storeWithOneUser(): Promise<string> {
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    await store.putUser(contractUser(site.id, 'u1', 'alice'));
    await store.close();
    return join(shardDirFor(dataFile), shardFileName(shardOf(site.id, 'u1')));
  }

  it.each([
    ['truncated', (text: string) => text.slice(0, 30)],
    ['schema-invalid', (text: string) => text.replace('"alice"', '42')],
    ['moved from another shard', (text: string) => text.replace(/"shard":\d+/, '"shard":4095')],
  ])('refuses a %s shard file and leaves it untouched', async (_what, damage) => {
    const shardFile = await storeWithOneUser();
    const damaged = damage(await readFile(shardFile, 'utf8'));
    await writeFile(shardFile, damaged);
    expect(await refusal()).toMatchObject({ code: 'storage_failed', message: expect.stringMatching(/left untouched/) });
    expect(await readFile(shardFile, 'utf8')).toBe(damaged);
  });

  it('a shard file edited by hand (its checksum no longer fits) is validated record by record, and read when valid', async () => {
    const shardFile = await storeWithOneUser();
    await writeFile(shardFile, (await readFile(shardFile, 'utf8')).replace('"displayName":"alice"', '"displayName":"Alice A."'));
    const store = await LowdbStore.open(dataFile);
    expect((await store.getUser(site.id, 'u1'))?.displayName).toBe('Alice A.');
    await store.close();
  });

  it('refuses a data set whose shard file went missing, or a shard folder without its data file', async () => {
    const shardFile = await storeWithOneUser();
    const text = await readFile(shardFile, 'utf8');
    await rm(shardFile);
    expect(await refusal()).toMatchObject({ message: expect.stringMatching(/lists shard files missing/) });
    await writeFile(shardFile, text);
    await rm(dataFile);
    expect(await refusal()).toMatchObject({ message: expect.stringMatching(/is missing while .* holds users/) });
  });

  it('reads a shard file the data file does not list yet (written just before a crash) and lists it', async () => {
    const shardFile = await storeWithOneUser();
    const manifest = JSON.parse(await readFile(dataFile, 'utf8')) as { shards: number[] };
    await writeFile(dataFile, JSON.stringify({ ...manifest, shards: [] }));
    const store = await LowdbStore.open(dataFile);
    expect((await store.findUserByUsername(site.id, 'alice'))?.userId).toBe('u1');
    await store.close();
    expect(JSON.parse(await readFile(dataFile, 'utf8'))).toMatchObject({ shards: manifest.shards });
    expect(await readFile(shardFile, 'utf8')).toContain('alice');
  });

  it('a site removal interrupted after the data file was written is finished at the next start', async () => {
    const shardFile = await storeWithOneUser();
    const shardBefore = await readFile(shardFile, 'utf8');
    const store = await LowdbStore.open(dataFile);
    await store.removeSite(site.id);
    await store.close();
    // As if killed between the two writes: the data file says the site is gone, the shard still has its user.
    await writeFile(shardFile, shardBefore);
    const next = await LowdbStore.open(dataFile);
    await next.putSite(site);
    expect(await next.getUser(site.id, 'u1')).toBeUndefined();
    await next.close();
    expect(await readFile(shardFile, 'utf8')).not.toContain('alice');
  });

  it('refuses to store a record its next start would refuse (a username over 256 characters), and keeps nothing of it', async () => {
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    await expect(store.putUser(contractUser(site.id, 'u1', 'x'.repeat(257)))).rejects.toThrow();
    expect(await store.getUser(site.id, 'u1')).toBeUndefined();
    await store.close();
    await (await LowdbStore.open(dataFile)).close();
  });

  it('writes every file private (0600) and compact', async () => {
    const shardFile = await storeWithOneUser();
    for (const file of [dataFile, shardFile]) {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readFile(file, 'utf8')).not.toContain('\n');
    }
    expect((await stat(shardDirFor(dataFile))).mode & 0o777).toBe(0o700);
  });

  it('removes temp files a killed writer left, in the data folder and the shard folder', async () => {
    const shardFile = await storeWithOneUser();
    const leftovers = [join(dir, '.companion.json.tmp'), join(shardDirFor(dataFile), `.${shardFileName(shardOf(site.id, 'u1'))}.tmp`)];
    for (const leftover of leftovers) await writeFile(leftover, '{"trunc');
    const store = await LowdbStore.open(dataFile);
    expect((await store.getUser(site.id, 'u1'))?.username).toBe('alice');
    await store.close();
    expect(await readdir(shardDirFor(dataFile))).toEqual([shardFileName(shardOf(site.id, 'u1'))]);
    expect(await readFile(shardFile, 'utf8')).toContain('alice');
  });

  it("summarizes a site's passkeys from its own documents: a generated site's figures match its data set", async () => {
    const data = generateDataSet(1000);
    await writeDataSetFiles(dataFile, data);
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    await store.putCredential(contractCredential(site.id, 'u1', 'c-small'));
    const tally = (key: (credential: CredentialRecord) => string) => {
      const counts: Record<string, number> = {};
      for (const credential of data.credentials) counts[key(credential)] = (counts[key(credential)] ?? 0) + 1;
      return counts;
    };
    expect(await store.summarizeCredentials(BENCH_SITE_ID)).toEqual({
      usersWithPasskeys: new Set(data.credentials.map((credential) => credential.userId)).size,
      passkeys: data.credentials.length,
      byAaguid: tally((credential) => credential.aaguid),
      byPlatform: tally(({ createdOn }) => `${createdOn.os}:${createdOn.mobile ? 'mobile' : 'desktop'}`),
    });
    expect(await store.summarizeCredentials(site.id)).toMatchObject({ usersWithPasskeys: 1, passkeys: 1 });
    await store.close();
  });

  it('a change is one small file: a user of a 2,000-user site rewrites only its own shard', async () => {
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    await Promise.all(Array.from({ length: 2000 }, (_, i) => store.putUser(contractUser(site.id, `u${i}`))));
    await store.putCredential(contractCredential(site.id, 'u7', 'c7'));
    await store.close();
    const shardDir = shardDirFor(dataFile);
    const sizes = await Promise.all((await readdir(shardDir)).map(async (name) => (await stat(join(shardDir, name))).size));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const own = (await stat(join(shardDir, shardFileName(shardOf(site.id, 'u7'))))).size;
    expect(own).toBeLessThan(total / 100);
  });
});

describe('a data file in format 1 (one file, written by the server before shards)', () => {
  it('is upgraded on first start with nothing lost, and the old file kept beside it', async () => {
    await copyFile(FORMAT1_FIXTURE, dataFile);
    const original = parseDataFile(FORMAT1_FIXTURE, await readFile(FORMAT1_FIXTURE, 'utf8'));
    const store = await LowdbStore.open(dataFile);
    expect(store.upgradeBackup).toBe(`${dataFile}.format1`);
    const alice = await store.findUserByUsername(original.sites[0]?.id ?? '', 'alice@example.com');
    expect(alice?.userId).toBe('u-alice');
    expect(await store.listCredentials(alice?.siteId ?? '', 'u-alice')).toEqual(original.credentials.filter((c) => c.userId === 'u-alice'));
    expect((await store.listSigningKeys()).at(-1)?.kid).toBe(original.signingKey?.kid);
    await store.close();
    const upgraded = await readDataSet(dataFile);
    for (const part of ['sites', 'users', 'credentials', 'events', 'usedTokens'] as const) {
      expect(upgraded[part]).toHaveLength(original[part].length);
      expect(upgraded[part]).toEqual(expect.arrayContaining<unknown>(original[part]));
    }
    expect(original.events.length).toBeGreaterThan(0);
    expect(upgraded.signingKey).toEqual(original.signingKey);
    expect(await readFile(`${dataFile}.format1`, 'utf8')).toBe(await readFile(FORMAT1_FIXTURE, 'utf8'));
    // The next start reads format 2 and upgrades nothing.
    const again = await LowdbStore.open(dataFile);
    expect(again.upgradeBackup).toBeUndefined();
    expect((await again.findUserByUsername(alice?.siteId ?? '', 'bob'))?.userId).toBe('u-bob');
    await again.close();
  });

  it('an upgrade interrupted before the new data file was written starts over from the old file', async () => {
    await copyFile(FORMAT1_FIXTURE, dataFile);
    // Leftovers of an interrupted upgrade: a shard folder with a stray file.
    await mkdir(shardDirFor(dataFile));
    await writeFile(join(shardDirFor(dataFile), '000.json'), '{"stray');
    const store = await LowdbStore.open(dataFile);
    expect((await store.listSites()).length).toBe(1);
    await store.close();
    expect(await readdir(shardDirFor(dataFile))).not.toContain('000.json');
  });

  it('a damaged format 1 file is refused and left untouched', async () => {
    const damaged = (await readFile(FORMAT1_FIXTURE, 'utf8')).slice(0, 200);
    await writeFile(dataFile, damaged);
    expect(await refusal()).toMatchObject({ code: 'storage_failed', message: expect.stringMatching(/left untouched/) });
    expect(await readFile(dataFile, 'utf8')).toBe(damaged);
  });
});
