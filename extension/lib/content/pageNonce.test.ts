import { describe, expect, it } from 'vitest';
import { readPageNonce } from './pageNonce.ts';

describe('readPageNonce', () => {
  it('reads the login nonce cookie among others', () => {
    expect(readPageNonce('a=1; passkey-companion-nonce=abcdefghijklmnopqrstuvwx; b=2')).toBe('abcdefghijklmnopqrstuvwx');
  });

  it('no cookie, or one not shaped like a nonce, is none', () => {
    expect(readPageNonce('')).toBeUndefined();
    expect(readPageNonce('passkey-companion-nonce=short')).toBeUndefined();
    expect(readPageNonce('passkey-companion-nonce=has spaces and <tags> 1234567890')).toBeUndefined();
    expect(readPageNonce('xpasskey-companion-nonce=abcdefghijklmnopqrstuvwx')).toBeUndefined();
  });
});
