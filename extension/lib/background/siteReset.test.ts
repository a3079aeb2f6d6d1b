import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readAppendDeclines, recordAppendDecline } from './appendDeclines.ts';
import { readLastDecision, recordLastDecision } from './lastDecisions.ts';
import { createPseudonymStore } from './pseudonym.ts';
import { resetSite } from './siteReset.ts';
import { BANK, SHOP } from './testing.ts';

describe('resetSite', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives the site a fresh device pseudonym and clears its local records, leaving other sites alone', async () => {
    const storage = fakeBrowser.storage.local;
    const pseudonyms = createPseudonymStore(storage);
    const [shopBefore, bankBefore] = [await pseudonyms.forSite(SHOP.siteId), await pseudonyms.forSite(BANK.siteId)];
    const decision = { kind: 'append', decision: 'skip', reason: { code: 'backed-off', message: 'Later.' }, at: 5 } as const;
    for (const siteId of [SHOP.siteId, BANK.siteId]) {
      await recordAppendDecline(storage, siteId, 'skip', 5);
      await recordLastDecision(storage, siteId, decision);
    }

    await resetSite(storage, SHOP.siteId);

    expect(await pseudonyms.forSite(SHOP.siteId)).not.toBe(shopBefore);
    expect(await pseudonyms.forSite(BANK.siteId)).toBe(bankBefore);
    expect(await readAppendDeclines(storage, SHOP.siteId)).toEqual({ skips: [] });
    expect(await readLastDecision(storage, SHOP.siteId)).toBeUndefined();
    expect(await readAppendDeclines(storage, BANK.siteId)).toEqual({ skips: [5] });
    expect(await readLastDecision(storage, BANK.siteId)).toEqual(decision);
  });
});
