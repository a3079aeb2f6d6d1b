import { describe, expect, it } from 'vitest';
import { matchPatternsFor } from './matchPatterns.ts';

describe('matchPatternsFor', () => {
  it('keeps the port where match patterns support it (Chrome)', () => {
    expect(matchPatternsFor(['http://shop.localhost:4123', 'https://bank.example'], { portsSupported: true })).toEqual([
      'http://shop.localhost:4123/*',
      'https://bank.example/*',
    ]);
  });

  it('drops the port where they do not (Firefox), deduplicating', () => {
    expect(matchPatternsFor(['http://shop.localhost:4123', 'http://shop.localhost:5000'], { portsSupported: false })).toEqual([
      'http://shop.localhost/*',
    ]);
  });

  it('ignores what is not an http(s) origin', () => {
    expect(matchPatternsFor(['ftp://files.example', 'not a url', 'javascript:alert(1)'], { portsSupported: true })).toEqual([]);
  });
});
