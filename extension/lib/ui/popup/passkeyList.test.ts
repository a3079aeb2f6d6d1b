import { describe, expect, it } from 'vitest';
import type { ManagedPasskey } from '@pkc/shared';
import { describeProviderTold, passkeyLine, passkeysView } from './passkeyList.ts';

const day = (iso: string) => iso.slice(0, 10);
const base: ManagedPasskey = {
  credentialId: 'a2V5',
  provider: 'Google Password Manager',
  synced: true,
  createdAt: '2025-01-02T10:00:00.000Z',
  createdOn: { os: 'macos', browser: 'Chrome', mobile: false },
  createdHere: false,
  lastUsedAt: null,
  lastUsedOn: null,
  lastUsedHere: false,
};

describe('passkeyLine', () => {
  it('says provider, where and when it was made, and that it was never used', () => {
    expect(passkeyLine(base, day)).toEqual({
      credentialId: 'a2V5',
      provider: 'Google Password Manager (synced)',
      created: 'Created 2025-01-02 on Chrome on macOS',
      lastUsed: 'Not used to sign in yet',
      thisDevice: false,
    });
  });

  it('marks this device, for creation or last use', () => {
    const usedHere = {
      ...base,
      provider: 'unknown provider',
      synced: false,
      lastUsedAt: '2025-03-04T00:00:00.000Z',
      lastUsedOn: { os: 'linux' as const, browser: 'Chromium', mobile: false },
      lastUsedHere: true,
    };
    expect(passkeyLine(usedHere, day)).toMatchObject({
      provider: 'Passkey',
      lastUsed: 'Last used 2025-03-04 on this device',
      thisDevice: true,
    });
    expect(passkeyLine({ ...base, createdHere: true }, day)).toMatchObject({
      created: 'Created 2025-01-02 on this device',
      thisDevice: true,
    });
    expect(passkeyLine({ ...base, createdOn: { os: 'ios', browser: 'Safari', mobile: true } }, day).created).toBe(
      'Created 2025-01-02 on Safari on iOS (mobile)',
    );
  });
});

describe('passkeysView', () => {
  it('reads a checked reply: a list, or "sign in again"', () => {
    const list = passkeysView({ ok: true, value: { status: 'ok', username: 'alice', passkeys: [base], providerTold: 'sent' } }, day);
    expect(list).toMatchObject({ kind: 'list', username: 'alice', passkeys: [{ credentialId: 'a2V5' }] });
    expect(list).not.toHaveProperty('removed');
    const removed = passkeysView(
      { ok: true, value: { status: 'ok', username: 'alice', passkeys: [], removed: 'a2V5', providerTold: 'unsupported' } },
      day,
    );
    expect(removed).toMatchObject({ kind: 'list', removed: { providerTold: 'unsupported' } });
    expect(passkeysView({ ok: true, value: { status: 'needs-sign-in' } }, day)).toEqual({ kind: 'needs-sign-in' });
    expect(passkeysView({ ok: false, code: 'manage_session_invalid', message: 'x' }, day)).toEqual({ kind: 'needs-sign-in' });
  });

  it('anything else is "unavailable", never a throw', () => {
    for (const reply of [
      undefined,
      null,
      'x',
      { ok: true, value: { status: 'ok' } },
      { ok: false, code: 'companion_timeout', message: 'slow' },
    ]) {
      expect(passkeysView(reply, day).kind).toBe('unavailable');
    }
  });

  it('words what the provider was told', () => {
    expect(describeProviderTold('sent')).toMatch(/provider was told/);
    expect(describeProviderTold('unsupported')).toMatch(/delete it there too/);
    expect(describeProviderTold('failed')).toMatch(/delete it there too/);
  });
});
