import { describe, expect, it } from 'vitest';
import { type CounterRow, groupCounters } from './counterGroups.ts';

const BASE = { passkeyLoginsSucceeded: 7, passkeyLoginsFailed: 2, appendOffered: 5, appendCreated: 3, fallbacksToPassword: 1 };
const pairs = (rows: readonly CounterRow[]) => rows.map((row) => [row.counter, row.count]);

describe('groupCounters', () => {
  it('lists every decision kind, zero included, then kinds the page does not know', () => {
    const groups = groupCounters({ ...BASE, 'decision:passkey': 6, 'decision:password': 2, 'decision:future': 1 });
    expect(pairs(groups.decisions)).toEqual([
      ['decision:passkey', 6],
      ['decision:hybrid', 0],
      ['decision:password', 2],
      ['decision:future', 1],
    ]);
    expect(groups.decisions[0]?.label).toBe('Passkey on this device');
    expect(groups.decisions[3]?.label).toBe('future');
  });

  it('lists reasons and failures that happened, most first', () => {
    const groups = groupCounters({
      ...BASE,
      'reason:no-usable-credential': 1,
      'reason:credential-usable-here': 6,
      'loginFailed:NotAllowedError': 2,
      'loginFailed:other': 3,
    });
    expect(pairs(groups.reasons)).toEqual([
      ['reason:credential-usable-here', 6],
      ['reason:no-usable-credential', 1],
    ]);
    expect(groups.reasons[0]?.label).toBe('A passkey works on this device');
    expect(pairs(groups.failures)).toEqual([
      ['loginFailed:other', 3],
      ['loginFailed:NotAllowedError', 2],
    ]);
  });

  it('tables each variant with its five outcomes, and totals over all variants', () => {
    const groups = groupCounters({
      ...BASE,
      'appendOffered:first-passkey': 4,
      'appendCreated:first-passkey': 3,
      'appendSkipped:first-passkey': 1,
      'appendOffered:heal': 1,
      'appendFailed:heal': 1,
      appendSkipped: 1,
      appendFailed: 1,
    });
    expect(groups.variants.map((variant) => variant.variant)).toEqual(['first-passkey', 'after-hybrid', 'heal', 'second-device']);
    const first = groups.variants[0]?.outcomes;
    expect([first?.appendOffered.count, first?.appendCreated.count, first?.appendSkipped.count, first?.appendNever.count]).toEqual([
      4, 3, 1, 0,
    ]);
    expect(groups.variants[2]?.outcomes.appendFailed.count).toBe(1);
    expect(groups.appendTotals.appendSkipped.count).toBe(1);
    expect(groups.appendTotals.appendOffered.count).toBe(5);
  });

  it('gives each counter its test id once: where it first appears', () => {
    const groups = groupCounters({ ...BASE, identifiersSeen: 9, passkeyLoginsStarted: 8 });
    expect(groups.headline.find((row) => row.counter === 'passkeyLoginsSucceeded')?.testId).toBe('console-count-passkeyLoginsSucceeded');
    expect(groups.funnel.logins.map((row) => row.testId)).toEqual([
      'console-count-identifiersSeen',
      'console-count-passkeyLoginsStarted',
      undefined,
    ]);
    expect(groups.appendTotals.appendOffered.testId).toBeUndefined();
    expect(groups.appendTotals.appendNever.testId).toBe('console-count-appendNever');
    expect(groups.variants[0]?.outcomes.appendOffered.testId).toBe('console-count-appendOffered:first-passkey');

    const all = [
      ...groups.headline,
      ...groups.funnel.logins,
      ...groups.funnel.offers,
      ...groups.decisions,
      ...groups.variants.flatMap((variant) => Object.values(variant.outcomes)),
      ...Object.values(groups.appendTotals),
      ...groups.activity,
    ];
    const ids = all.map((row) => row.testId).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows counters no section knows under "other", and only those', () => {
    const groups = groupCounters({ ...BASE, healsCompleted: 1, passwordLogins: 4, somethingNew: 2, 'appendOffered:new-variant': 1 });
    expect(pairs(groups.other)).toEqual([['somethingNew', 2]]);
    expect(groups.variants.map((variant) => variant.variant)).toContain('new-variant');
    expect(pairs(groups.activity)).toEqual([
      ['passwordLogins', 4],
      ['hybridLogins', 0],
      ['healsCompleted', 1],
      ['immediateNoneHere', 0],
    ]);
  });
});
