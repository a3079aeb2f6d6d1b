import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './tokenBuckets.ts';

const clockAt = (start = 0) => {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
};

describe('TokenBuckets', () => {
  it('allows the capacity at once, then refills evenly over the window', () => {
    const clock = clockAt();
    const buckets = new TokenBuckets(clock, { capacity: 3, windowMs: 60_000 });
    expect([1, 2, 3].map(() => buckets.take('k'))).toEqual([0, 0, 0]);
    expect(buckets.take('k')).toBe(20_000);
    clock.ms += 19_999;
    expect(buckets.take('k')).toBeGreaterThan(0);
    clock.ms += 20_000;
    expect(buckets.take('k')).toBe(0);
    expect(buckets.take('other')).toBe(0);
  });

  it('keeps memory bounded: refilled buckets are dropped, and at most maxKeys remain', () => {
    const clock = clockAt();
    const buckets = new TokenBuckets(clock, { capacity: 2, windowMs: 1000 }, 100);
    for (let i = 0; i < 10_000; i += 1) buckets.take(`ip-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
    clock.ms += 1000;
    buckets.take('late');
    expect(buckets.size).toBe(1);
  });
});
