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

  it('compare fixed-length hashes, so the comparison never exits early on length', () => {
    // Both sides of the constant-time compare are sha256 digests (32 bytes) of any input.
    expect(Buffer.from(hashSecret('a'), 'hex')).toHaveLength(32);
    expect(Buffer.from(hashSecret('a'.repeat(10_000)), 'hex')).toHaveLength(32);
  });
});
