import { describe, expect, it } from 'vitest';
import { formatShare } from '../format.ts';
import { passkeyShare } from './passkeyShare.ts';

describe('passkeyShare', () => {
  it('is passkey logins over passkey plus password logins', () => {
    expect(passkeyShare({ passkeyLoginsSucceeded: 3, passwordLogins: 1 })).toBe(0.75);
    expect(passkeyShare({ passkeyLoginsSucceeded: 0, passwordLogins: 4 })).toBe(0);
    expect(passkeyShare({ passkeyLoginsSucceeded: 2 })).toBe(1);
  });

  it('is null with no successful login at all, shown as a dash', () => {
    expect(passkeyShare({ passkeyLoginsSucceeded: 0, passkeyLoginsFailed: 5 })).toBeNull();
    expect(formatShare(passkeyShare({}))).toBe('—');
  });

  it('reads as a whole percentage', () => {
    expect(formatShare(passkeyShare({ passkeyLoginsSucceeded: 1, passwordLogins: 2 }))).toBe('33%');
    expect(formatShare(passkeyShare({ passkeyLoginsSucceeded: 2, passwordLogins: 1 }))).toBe('67%');
    expect(formatShare(0.75)).toBe('75%');
  });
});
