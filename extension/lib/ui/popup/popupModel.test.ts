import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { recordAppendDecline } from '../../background/appendDeclines.ts';
import { recordLastDecision, type LastDecision } from '../../background/lastDecisions.ts';
import { SERVER_URL, SHOP } from '../../background/testing.ts';
import { popupModel, tabIdFromSearch } from './popupModel.ts';
import { readPopupModel } from './readPopupModel.ts';

const decision: LastDecision = {
  kind: 'login',
  decision: 'password',
  reason: { code: 'repeated-failures', message: 'Passkeys failed here recently.' },
  at: 1,
};
const cache = { serverUrl: SERVER_URL, fetchedAt: 10, partners: [SHOP] };

describe('popupModel', () => {
  it('shows the partner, its last decision, its append state and a connected server', () => {
    const model = popupModel({ tabUrl: 'http://shop.localhost:4123/login', serverUrl: SERVER_URL, cache, lastDecisionFor: () => decision });
    expect(model).toEqual({
      serverUrl: SERVER_URL,
      server: { status: 'connected', checkedAt: 10 },
      site: { kind: 'partner', partner: SHOP, origin: 'http://shop.localhost:4123' },
      lastDecision: decision,
      appendState: { kind: 'none' },
      signalOverride: undefined,
    });
  });

  it('says when a site is not a partner, and when the server was unreachable', () => {
    const model = popupModel({
      tabUrl: 'https://example.com/',
      serverUrl: SERVER_URL,
      cache: { ...cache, fetchedAt: 0 },
      lastDecisionFor: () => decision,
    });
    expect(model.site).toEqual({ kind: 'not-partner', origin: 'https://example.com' });
    expect(model.server).toEqual({ status: 'unreachable' });
    expect(model.lastDecision).toBeUndefined();
    expect(model.appendState).toBeUndefined();
  });

  it('ignores a partner list from another server', () => {
    const model = popupModel({
      tabUrl: 'http://shop.localhost:4123/',
      serverUrl: 'http://other:1',
      cache,
      lastDecisionFor: () => decision,
    });
    expect(model.site.kind).toBe('not-partner');
    expect(model.server).toEqual({ status: 'unknown' });
  });
});

describe('tabIdFromSearch', () => {
  it('reads ?tab=<id> and nothing else', () => {
    expect(tabIdFromSearch('?tab=42')).toBe(42);
    expect(tabIdFromSearch('')).toBeUndefined();
    expect(tabIdFromSearch('?tab=-1')).toBeUndefined();
    expect(tabIdFromSearch('?tab=4x')).toBeUndefined();
  });
});

describe('readPopupModel', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the site’s records and the override from storage', async () => {
    const storage = fakeBrowser.storage.local;
    const now = 1_700_000_000_000;
    await storage.set({ serverUrl: SERVER_URL, partnerCache: cache, testSignalOverride: { capabilities: { hybridTransport: true } } });
    await recordLastDecision(storage, SHOP.siteId, decision);
    for (const at of [now - 3, now - 2, now - 1]) await recordAppendDecline(storage, SHOP.siteId, 'skip', at);
    const model = await readPopupModel(storage, 'http://shop.localhost:4123/dashboard');
    expect(model.lastDecision).toEqual(decision);
    expect(model.appendState).toEqual({ kind: 'skipped', times: 3 });
    expect(model.signalOverride).toEqual({ capabilities: { hybridTransport: true } });
  });

  it('has no override by default', async () => {
    const model = await readPopupModel(fakeBrowser.storage.local, 'http://shop.localhost:4123/');
    expect(model.signalOverride).toBeUndefined();
  });
});
