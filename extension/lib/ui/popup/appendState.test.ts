import { describe, expect, it } from 'vitest';
import { appendState, describeAppendState } from './appendState.ts';

const NOW = 1_700_000_000_000;

describe('appendState', () => {
  it('counts "not now" answers and words them', () => {
    expect(appendState({ skips: [] })).toEqual({ kind: 'none' });
    expect(describeAppendState(appendState({ skips: [NOW] }))).toBe('You chose “not now” once on this device.');
    expect(describeAppendState(appendState({ skips: [NOW - 2, NOW - 1, NOW] }))).toBe('You chose “not now” 3 times on this device.');
  });

  it('"not on this device" wins', () => {
    const state = appendState({ skips: [NOW], neverAt: NOW });
    expect(state).toEqual({ kind: 'never' });
    expect(describeAppendState(state)).toMatch(/^Not on this device/);
  });
});
