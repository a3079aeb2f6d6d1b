import { describe, expect, it } from 'vitest';
import { SERVER_URL, SHOP } from '../../background/testing.ts';
import type { LastDecision } from '../../background/lastDecisions.ts';
import { popupModel } from './popupModel.ts';

const decision: LastDecision = { kind: 'login', decision: 'password', reason: { code: 'repeated-failures', message: 'Passkeys failed here recently.' }, at: 1 };
const cache = { serverUrl: SERVER_URL, fetchedAt: 10, partners: [SHOP] };

describe('popupModel', () => {
  it('shows the partner, its last decision and a connected server', () => {
    const model = popupModel({ tabUrl: 'http://shop.localhost:4123/login', serverUrl: SERVER_URL, cache, lastDecisionFor: () => decision });
    expect(model).toEqual({
      serverUrl: SERVER_URL,
      server: { status: 'connected', checkedAt: 10 },
      site: { kind: 'partner', partner: SHOP, origin: 'http://shop.localhost:4123' },
      lastDecision: decision,
    });
  });

  it('says when a site is not a partner, and when the server was unreachable', () => {
    const model = popupModel({ tabUrl: 'https://example.com/', serverUrl: SERVER_URL, cache: { ...cache, fetchedAt: 0 }, lastDecisionFor: () => decision });
    expect(model.site).toEqual({ kind: 'not-partner', origin: 'https://example.com' });
    expect(model.server).toEqual({ status: 'unreachable' });
    expect(model.lastDecision).toBeUndefined();
  });

  it('ignores a partner list from another server', () => {
    const model = popupModel({ tabUrl: 'http://shop.localhost:4123/', serverUrl: 'http://other:1', cache, lastDecisionFor: () => decision });
    expect(model.site.kind).toBe('not-partner');
    expect(model.server).toEqual({ status: 'unknown' });
  });
});
