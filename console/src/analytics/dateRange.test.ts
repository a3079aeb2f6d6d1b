import { describe, expect, it } from 'vitest';
import { checkRange, rangeEndingOn, utcDay } from './dateRange.ts';

describe('rangeEndingOn', () => {
  it('counts both ends: 30 days ending on 31 March start on 2 March', () => {
    expect(rangeEndingOn('2025-03-31', 30)).toEqual({ from: '2025-03-02', to: '2025-03-31' });
  });

  it('crosses month and leap-year boundaries by whole UTC days', () => {
    expect(rangeEndingOn('2024-03-01', 7)).toEqual({ from: '2024-02-24', to: '2024-03-01' });
    expect(rangeEndingOn('2025-01-05', 1)).toEqual({ from: '2025-01-05', to: '2025-01-05' });
  });
});

describe('utcDay', () => {
  it('takes the UTC calendar day, not the local one', () => {
    expect(utcDay(new Date('2025-06-30T23:30:00-02:00'))).toBe('2025-07-01');
  });
});

describe('checkRange', () => {
  it('accepts from = to and a 366-day range', () => {
    expect(checkRange({ from: '2025-01-01', to: '2025-01-01' })).toEqual({ ok: true, range: { from: '2025-01-01', to: '2025-01-01' } });
    expect(checkRange({ from: '2024-01-01', to: '2024-12-31' }).ok).toBe(true);
  });

  it('puts "from after to" next to from', () => {
    expect(checkRange({ from: '2025-02-01', to: '2025-01-01' })).toEqual({ ok: false, errors: { from: 'from must not be after to' } });
  });

  it('puts a range over 366 days next to to', () => {
    expect(checkRange({ from: '2024-01-01', to: '2025-01-01' })).toEqual({ ok: false, errors: { to: 'at most 366 days at a time' } });
  });

  it('judges each day alone first, without a misleading pair message', () => {
    expect(checkRange({ from: '', to: '2025-01-01' })).toEqual({ ok: false, errors: { from: 'enter a day' } });
    expect(checkRange({ from: '2025-02-30', to: '' })).toEqual({
      ok: false,
      errors: { from: 'not a day of the calendar', to: 'enter a day' },
    });
  });
});
