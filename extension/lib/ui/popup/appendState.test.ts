import { describe, expect, it } from 'vitest';
import { appendState, describeAppendState } from './appendState.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = 1_700_000_000_000;

describe('appendState', () => {
  it('counts skips and words them', () => {
    expect(appendState({ skips: [] }, NOW)).toEqual({ kind: 'none' });
    expect(describeAppendState(appendState({ skips: [NOW - DAY] }, NOW))).toBe('You chose not now once.');
    expect(describeAppendState(appendState({ skips: [NOW - 2 * DAY, NOW - DAY] }, NOW))).toBe('You chose not now 2 times.');
  });

  it('3 skips start a 30-day back-off (F6)', () => {
    const state = appendState({ skips: [NOW - 2 * DAY, NOW - DAY, NOW] }, NOW);
    expect(state).toEqual({ kind: 'backed-off', times: 3, daysLeft: 30 });
    expect(describeAppendState(state)).toBe('You chose not now 3 times; we’ll ask again in 30 days.');
    expect(appendState({ skips: [NOW - 12 * DAY, NOW - 11 * DAY, NOW - 10 * DAY] }, NOW)).toMatchObject({ daysLeft: 20 });
  });

  it('a finished back-off starts the count again', () => {
    expect(appendState({ skips: [NOW - 40 * DAY, NOW - 40 * DAY, NOW - 40 * DAY, NOW - DAY] }, NOW)).toEqual({ kind: 'skipped', times: 1 });
  });

  it('"not on this device" wins', () => {
    const state = appendState({ skips: [NOW], neverAt: NOW }, NOW);
    expect(state).toEqual({ kind: 'never' });
    expect(describeAppendState(state)).toMatch(/^Not on this device/);
  });
});
