import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onWake, REFRESH_ALARM } from './partnerRefresh.ts';
import { writePartnerCache } from './partners.ts';
import { STORAGE_KEYS } from './storageKeys.ts';

/* Issue 14 hardening: a service-worker wake neither recreates the alarm nor refetches a fresh list. */

describe('onWake', () => {
  beforeEach(() => fakeBrowser.reset());
  const storage = fakeBrowser.storage.local;
  const SERVER = 'http://localhost:8787';

  async function wake(now: number): Promise<{ syncs: number; creates: number }> {
    let syncs = 0;
    let creates = 0;
    const alarms = {
      get: (name: string) => fakeBrowser.alarms.get(name),
      create: async (name: string, info: { periodInMinutes: number }) => {
        creates += 1;
        await fakeBrowser.alarms.create(name, info);
      },
    };
    await onWake({ storage, alarms, now: () => now, sync: () => (syncs += 1) });
    return { syncs, creates };
  }

  it('the first wake creates the alarm and fetches; later wakes within a minute do neither', async () => {
    await storage.set({ [STORAGE_KEYS.serverUrl]: SERVER });
    expect(await wake(1_000)).toEqual({ syncs: 1, creates: 1 });
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toBeDefined();
    await writePartnerCache(storage, { serverUrl: SERVER, fetchedAt: 1_000, partners: [] });
    expect(await wake(30_000)).toEqual({ syncs: 0, creates: 0 });
    expect(await wake(61_001)).toEqual({ syncs: 1, creates: 0 });
  });

  it('fetches again at once when the kept list is from a failed fetch or another server', async () => {
    await storage.set({ [STORAGE_KEYS.serverUrl]: SERVER });
    await writePartnerCache(storage, { serverUrl: SERVER, fetchedAt: 0, partners: [] });
    expect((await wake(5_000)).syncs).toBe(1);
    await writePartnerCache(storage, { serverUrl: 'http://other.localhost:8787', fetchedAt: 5_000, partners: [] });
    expect((await wake(6_000)).syncs).toBe(1);
  });
});
