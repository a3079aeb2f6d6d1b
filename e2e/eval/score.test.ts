import { describe, expect, it } from 'vitest';
import { isHeldOut, median, scoreOutcomes, type PageOutcome } from './score.ts';

const page = (overrides: Partial<PageOutcome>): PageOutcome => ({
  file: 'positive/1.html',
  positive: true,
  hasUsername: true,
  hasPassword: true,
  usernameFound: true,
  passwordFound: true,
  detected: true,
  ms: 0.5,
  ...overrides,
});

describe('scoreOutcomes', () => {
  it('scores recall per field over the pages that have that field, and negatives detected', () => {
    const figures = scoreOutcomes([
      page({}),
      page({ usernameFound: false, ms: 2 }),
      page({ hasPassword: false, passwordFound: false, ms: 0.1 }), // identifier-first page
      page({ positive: false, hasUsername: false, hasPassword: false, detected: true, ms: 0.3 }),
      page({ positive: false, hasUsername: false, hasPassword: false, detected: false, ms: 0.4 }),
    ]);
    expect(figures).toEqual({
      pages: 5,
      usernameRecall: 0.6667,
      passwordRecall: 1,
      negativesDetected: 1,
      negatives: 2,
      medianMs: 0.4,
      worstMs: 2,
    });
  });

  it('takes the middle of an even list as the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('holds out a stable share of about a third of the pages', () => {
    const names = Array.from({ length: 300 }, (_, i) => `positive/${i}.html`);
    const held = names.filter(isHeldOut).length;
    expect(held).toBeGreaterThan(70);
    expect(held).toBeLessThan(130);
    // Pinned: a change of the hash would reshuffle which corpus pages were never tuned on.
    expect(['positive/1.html', 'positive/14.html', 'negative/fp40.html', 'negative/fp28.html'].map(isHeldOut)).toEqual([
      false,
      false,
      true,
      false,
    ]);
  });
});
