import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../store/records.ts';
import { LOGIN_TO_APPEND_WINDOW_MS, appendContext, loginSuccessDetail } from './loginOutcome.ts';

const NOW = Date.parse('2026-01-31T12:00:00Z');
const HERE = 'desktop-here-aaaaaaaa';
const PHONE = 'phone-elsewhere-aaaaaa';

function event(type: EventRecord['type'], msAgo: number, detail?: string, devicePseudonym = HERE): EventRecord {
  return {
    siteId: 'site_abcdefgh12',
    userId: 'u',
    type,
    devicePseudonym,
    at: new Date(NOW - msAgo).toISOString(),
    ...(detail === undefined ? {} : { detail }),
  };
}

describe('appendContext: which login led to this append', () => {
  it.each([
    ['no history', [], 'after-password'],
    ['hybrid success just now', [event('login-success', 5_000, 'hybrid')], 'after-hybrid'],
    ['local passkey success just now', [event('login-success', 5_000)], 'after-passkey'],
    ['security key just now', [event('login-success', 5_000, 'cross-platform')], 'after-passkey'],
    [
      'hybrid success too long ago (a password login since)',
      [event('login-success', LOGIN_TO_APPEND_WINDOW_MS + 1, 'hybrid')],
      'after-password',
    ],
    ['hybrid success, then a skipped offer', [event('login-success', 9_000, 'hybrid'), event('append-skip', 5_000)], 'after-password'],
    ['hybrid success on another device only', [event('login-success', 5_000, 'hybrid', PHONE)], 'after-password'],
    ['latest by time, not by list order', [event('login-success', 5_000, 'hybrid'), event('login-failure', 60_000)], 'after-hybrid'],
  ] as const)('%s → %s', (_name, events, expected) => {
    expect(appendContext([...events], HERE, NOW)).toBe(expected);
  });
});

describe('loginSuccessDetail', () => {
  it('marks hybrid ceremonies, then other roaming authenticators, and nothing for this device', () => {
    expect(loginSuccessDetail(true, 'cross-platform')).toBe('hybrid');
    expect(loginSuccessDetail(true, undefined)).toBe('hybrid');
    expect(loginSuccessDetail(false, 'cross-platform')).toBe('cross-platform');
    expect(loginSuccessDetail(false, 'platform')).toBeUndefined();
  });
});
