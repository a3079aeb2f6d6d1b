import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { lockFileFor } from './fileLock.ts';
import { LowdbStore } from './lowdbStore.ts';
import { EVENTS_PER_USER, type SiteRecord } from './records.ts';

let dir: string;
let dataFile: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pkc-store-'));
  dataFile = join(dir, 'companion.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const site: SiteRecord = {
  id: 'site_abcdefgh12',
  name: 'Shop',
  origins: ['http://shop.localhost:4000'],
  rpId: 'shop.localhost',
  loginCallback: 'http://shop.localhost:4000/cb',
  secretHash: 'a'.repeat(64),
  createdAt: new Date(0).toISOString(),
};

describe('LowdbStore', () => {
  it('creates a missing file and reloads what it wrote', async () => {
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    await store.putUser({ siteId: site.id, userId: 'u1', username: 'Alice', displayName: 'A', webauthnUserId: 'abc', createdAt: site.createdAt });
    await store.close();
    const reopened = await LowdbStore.open(dataFile);
    expect(await reopened.getSite(site.id)).toEqual(site);
    expect((await reopened.findUserByUsername(site.id, ' alice '))?.userId).toBe('u1');
    await reopened.close();
  });

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

  it.each([
    ['empty', ''],
    ['truncated', '{"version":1,"sites":['],
    ['null', 'null'],
    ['schema-invalid', JSON.stringify({ version: 1, sites: [{ id: 'nope' }] })],
  ])('refuses a %s data file and leaves it untouched', async (_what, content) => {
    await writeFile(dataFile, content);
    const error = await LowdbStore.open(dataFile).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'storage_failed', message: expect.stringMatching(/left untouched.*backup/) });
    expect(await readFile(dataFile, 'utf8')).toBe(content);
    // The lock was released: a fixed file can be opened right away.
    await rm(dataFile);
    await (await LowdbStore.open(dataFile)).close();
  });

  it('keeps a bounded event history per user and single-use token ids', async () => {
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    for (let i = 0; i < EVENTS_PER_USER + 5; i += 1) {
      await store.recordEvent({ siteId: site.id, userId: 'u1', type: 'append-skip', devicePseudonym: 'd', at: new Date(i).toISOString() });
    }
    const events = await store.listEvents(site.id, 'u1');
    expect(events).toHaveLength(EVENTS_PER_USER);
    expect(events[0]?.at).toBe(new Date(5).toISOString());
    // A full history gives up the oldest event of its commonest kind: a flood of failure reports
    // (anyone can send them for a known username) pushes out skips, then only itself, never the
    // one "not on this device"; and real failures still add up (auto-heal counts them).
    await store.recordEvent({ siteId: site.id, userId: 'u1', type: 'append-never', devicePseudonym: 'd', at: new Date(100).toISOString() });
    for (let i = 0; i < EVENTS_PER_USER * 2; i += 1) {
      await store.recordEvent({ siteId: site.id, userId: 'u1', type: 'login-failure', devicePseudonym: 'x', at: new Date(200 + i).toISOString() });
    }
    const flooded = await store.listEvents(site.id, 'u1');
    expect(flooded).toHaveLength(EVENTS_PER_USER);
    expect(flooded.filter((e) => e.type === 'append-never')).toHaveLength(1);
    expect(flooded.at(-1)?.at).toBe(new Date(200 + EVENTS_PER_USER * 2 - 1).toISOString());
    for (let i = 0; i < 3; i += 1) {
      await store.recordEvent({ siteId: site.id, userId: 'u1', type: 'append-skip', devicePseudonym: 'd', at: new Date(900 + i).toISOString() });
    }
    const after = await store.listEvents(site.id, 'u1');
    expect(after.slice(-3).map((e) => e.at)).toEqual([900, 901, 902].map((at) => new Date(at).toISOString()));
    expect(after.filter((e) => e.type === 'append-never')).toHaveLength(1);
    expect(after.filter((e) => e.type === 'login-failure').length).toBeGreaterThan(2);
    expect(await store.markTokenUsed('jti-1', 100, 50)).toBe(true);
    expect(await store.markTokenUsed('jti-1', 100, 50)).toBe(false);
    await store.close();
  });

  it('renaming a user leaves a recycled username with its new owner', async () => {
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    const user = (userId: string, username: string) => ({ siteId: site.id, userId, username, displayName: username, webauthnUserId: userId, createdAt: site.createdAt });
    await store.putUser(user('u1', 'carol'));
    // The site gave "carol" to u2; u1's next grant names u1 "carol.old".
    await store.putUser(user('u2', 'Carol'));
    await store.putUser(user('u1', 'carol.old'));
    expect((await store.findUserByUsername(site.id, 'carol'))?.userId).toBe('u2');
    expect((await store.findUserByUsername(site.id, 'carol.old'))?.userId).toBe('u1');
    await store.close();
    // u2 existed before u1 and took the name later: after a restart the name is still u2's.
    await rm(dataFile);
    const again = await LowdbStore.open(dataFile);
    await again.putSite(site);
    await again.putUser(user('u2', 'dave'));
    await again.putUser(user('u1', 'carol'));
    await again.putUser(user('u2', 'carol'));
    await again.close();
    const reopened = await LowdbStore.open(dataFile);
    expect((await reopened.findUserByUsername(site.id, 'carol'))?.userId).toBe('u2');
    await reopened.close();
  });

  it('a full history of successes still counts the failures that follow (auto-heal needs them)', async () => {
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    const event = (type: 'login-success' | 'login-failure', at: number) => ({ siteId: site.id, userId: 'u9', type, devicePseudonym: 'd', at: new Date(at).toISOString() });
    for (let i = 0; i < EVENTS_PER_USER; i += 1) await store.recordEvent(event('login-success', i));
    for (let i = 0; i < 3; i += 1) await store.recordEvent(event('login-failure', 100 + i));
    const events = await store.listEvents(site.id, 'u9');
    expect(events).toHaveLength(EVENTS_PER_USER);
    expect(events.filter((e) => e.type === 'login-failure')).toHaveLength(3);
    await store.close();
  });

  it('a full history keeps each device\'s latest success: another device\'s failures or offers don\'t bring back old failures or an old "never"', async () => {
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    let at = 0;
    const event = (type: 'login-success' | 'login-failure' | 'append-never' | 'append-offer', device: string) =>
      store.recordEvent({ siteId: site.id, userId: 'u7', type, devicePseudonym: device, at: new Date((at += 1)).toISOString() });
    // The phone: a "never" and a failure, then a passkey success that wipes both.
    await event('append-never', 'phone');
    await event('login-failure', 'phone');
    await event('login-success', 'phone');
    // The laptop signs in often: successes are the commonest kind.
    while ((await store.listEvents(site.id, 'u7')).length < EVENTS_PER_USER) await event('login-success', 'laptop');
    for (let i = 0; i < 5; i += 1) {
      await event('append-offer', 'laptop');
      await event('login-failure', 'laptop');
    }
    const events = await store.listEvents(site.id, 'u7');
    expect(events).toHaveLength(EVENTS_PER_USER);
    // What went first is what nothing reads: the phone's events before its success.
    expect(events.filter((e) => e.devicePseudonym === 'phone').map((e) => e.type)).toEqual(['login-success']);
    expect(events.filter((e) => e.type === 'login-failure')).toHaveLength(5);
    await store.close();
  });

  it('removes a site with everything under it', async () => {
    const store = await LowdbStore.open(dataFile);
    await store.putSite(site);
    await store.putUser({ siteId: site.id, userId: 'u1', username: 'a', displayName: 'a', webauthnUserId: 'x', createdAt: site.createdAt });
    expect(await store.removeSite(site.id)).toBe(true);
    expect(await store.getUser(site.id, 'u1')).toBeUndefined();
    expect(await store.removeSite(site.id)).toBe(false);
    await store.close();
  });
});
