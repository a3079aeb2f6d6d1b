import { describe, expect, it } from 'vitest';
import { formatCount, formatMoment } from './format.ts';

describe('format', () => {
  it('writes counts as plain digits, the way the tests read them back', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(12345)).toBe('12345');
  });

  it('leaves a timestamp it can’t read as it came', () => {
    expect(formatMoment('not a time')).toBe('not a time');
    expect(formatMoment('2025-01-02T03:04:05Z')).not.toBe('2025-01-02T03:04:05Z');
  });
});
