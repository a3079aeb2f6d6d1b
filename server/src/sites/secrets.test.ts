import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret, secretMatches } from './secrets.ts';

describe('site secrets', () => {
  it('match only the exact secret, whatever the length presented', () => {
    const secret = newSecret();
    const stored = hashSecret(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    for (const wrong of ['', 'x', secret.slice(0, -1), `${secret}x`, secret.toUpperCase(), 'y'.repeat(100_000)]) {
      expect(secretMatches(wrong, stored)).toBe(false);
    }
  });

  it('hash any secret to 32 bytes, so the constant-time compare always runs over equal lengths', () => {
    // secretMatches compares sha256 digests with timingSafeEqual, which throws on unequal
    // lengths: a short, a long and an empty guess are all answered, none throws.
    expect(Buffer.from(hashSecret('a'), 'hex')).toHaveLength(32);
    expect(Buffer.from(hashSecret('a'.repeat(10_000)), 'hex')).toHaveLength(32);
    const stored = hashSecret('the-real-secret');
    for (const guess of ['', 'x', 'the-real-secret'.repeat(100)]) expect(secretMatches(guess, stored)).toBe(false);
    expect(secretMatches('the-real-secret', stored)).toBe(true);
  });
});
