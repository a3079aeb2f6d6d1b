import { describe, expect, it } from 'vitest';
import { chartData } from './chartData.ts';

const counts = (extra: Record<string, number>) => ({
  passkeyLoginsSucceeded: 0,
  passkeyLoginsFailed: 0,
  appendOffered: 0,
  appendCreated: 0,
  fallbacksToPassword: 0,
  ...extra,
});

describe('chartData', () => {
  it('has UTC midnights in seconds for x and one line per counter, zero where absent', () => {
    const data = chartData(
      [
        { day: '2025-01-01', counts: counts({ passkeyLoginsSucceeded: 4 }) },
        { day: '2025-01-02', counts: counts({ passkeyLoginsFailed: 1, appendCreated: 2 }) },
      ],
      ['passkeyLoginsSucceeded', 'appendCreated', 'healsCompleted'],
    );
    expect(data).toEqual([
      [1_735_689_600, 1_735_776_000],
      [4, 0],
      [0, 2],
      [0, 0],
    ]);
  });

  it('has empty lines for a range with no days', () => {
    expect(chartData([], ['passkeyLoginsSucceeded'])).toEqual([[], []]);
  });
});
