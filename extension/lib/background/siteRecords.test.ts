import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readAppendDeclines, recordAppendDecline } from './appendDeclines.ts';
import { amendLastDecision, readLastDecision, recordLastDecision } from './lastDecisions.ts';
import { createPseudonymStore } from './pseudonym.ts';
import { forgetAllSites, moveLegacySiteRecords } from './siteRecords.ts';
import { resetSite } from './siteReset.ts';
import { STORAGE_KEYS } from './storageKeys.ts';
import { BANK, SHOP } from './testing.ts';

/* Issue 14, hardening: per-site records can't be lost to another writer's read-modify-write. */

describe('per-site records', () => {
  beforeEach(() => fakeBrowser.reset());
  const storage = fakeBrowser.storage.local;

  it('ten "not now" answers from ten tabs at once: all ten are kept', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => recordAppendDecline(storage, SHOP.siteId, 'skip', i)));
    expect((await readAppendDeclines(storage, SHOP.siteId)).skips.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a reset from the popup while the background records another site: neither undoes the other', async () => {
    const pseudonyms = createPseudonymStore(storage);
    const shopBefore = await pseudonyms.forSite(SHOP.siteId);
    const decision = { kind: 'append', decision: 'skip', reason: { code: 'backed-off', message: 'Later.' }, at: 5 } as const;
    // The popup runs in its own context: its reset and the background's write interleave freely.
    await Promise.all([
      resetSite(storage, SHOP.siteId),
      recordLastDecision(storage, BANK.siteId, decision),
      recordAppendDecline(storage, BANK.siteId, 'never', 7),
    ]);
    expect(await pseudonyms.forSite(SHOP.siteId)).not.toBe(shopBefore);
    expect(await readLastDecision(storage, BANK.siteId)).toEqual(decision);
    expect(await readAppendDeclines(storage, BANK.siteId)).toEqual({ skips: [], neverAt: 7 });
  });

  it('amending a decision after a reset leaves the reset alone', async () => {
    const decision = { kind: 'login', decision: 'passkey', reason: { code: 'credential-usable-here', message: 'Short.' }, at: 5 } as const;
    await recordLastDecision(storage, SHOP.siteId, decision);
    await resetSite(storage, SHOP.siteId);
    await amendLastDecision(storage, SHOP.siteId, (last) => ({ ...last, reason: { code: 'credential-usable-here', message: 'Long.' } }));
    expect(await readLastDecision(storage, SHOP.siteId)).toBeUndefined();
  });

  it("moves an earlier version's maps into per-site keys once, keeping the pseudonyms", async () => {
    await storage.set({
      [STORAGE_KEYS.legacyPseudonyms]: { [SHOP.siteId]: 'legacy-pseudonym-0123456789' },
      [STORAGE_KEYS.legacyAppendDeclines]: { [BANK.siteId]: { skips: [1, 2] } },
      serverUrl: 'http://localhost:8787',
    });
    await moveLegacySiteRecords(storage);
    await moveLegacySiteRecords(storage);
    expect(await createPseudonymStore(storage).forSite(SHOP.siteId)).toBe('legacy-pseudonym-0123456789');
    expect(await readAppendDeclines(storage, BANK.siteId)).toEqual({ skips: [1, 2] });
    expect(Object.keys(await storage.get(null)).sort()).toEqual([`appendDeclines:${BANK.siteId}`, `pseudonym:${SHOP.siteId}`, 'serverUrl']);
  });

  it('"reset this device" forgets every site and nothing else', async () => {
    await createPseudonymStore(storage).forSite(SHOP.siteId);
    await recordAppendDecline(storage, BANK.siteId, 'skip', 1);
    await storage.set({ serverUrl: 'http://localhost:8787' });
    await forgetAllSites(storage);
    expect(await storage.get(null)).toEqual({ serverUrl: 'http://localhost:8787' });
  });
});
