import { describe, expect, it } from 'vitest';
import type { CredentialRecord } from '../store/records.ts';
import { managedPasskey } from './managedPasskey.ts';

const HERE = 'pseudonym-here-000000';
const ELSEWHERE = 'pseudonym-elsewhere-0';
const laptop = { devicePseudonym: ELSEWHERE, os: 'macos' as const, browser: 'Chrome', mobile: false };
const record: CredentialRecord = {
  id: 'Y3JlZGVudGlhbA',
  siteId: 'site_aaaaaaaaaa',
  userId: 'u-1',
  publicKey: 'cGs',
  counter: 0,
  transports: ['internal', 'hybrid'],
  aaguid: 'EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4',
  backupEligible: true,
  backedUp: true,
  deviceType: 'multiDevice',
  createdAt: '2025-01-02T03:04:05.000Z',
  createdOn: laptop,
  lastUsedAt: null,
  lastUsedOn: null,
};

describe('managedPasskey', () => {
  it('names the provider from the AAGUID and says where it was made, without any pseudonym', () => {
    const shown = managedPasskey(record, HERE);
    expect(shown).toEqual({
      credentialId: record.id,
      provider: 'Google Password Manager',
      synced: true,
      createdAt: record.createdAt,
      createdOn: { os: 'macos', browser: 'Chrome', mobile: false },
      createdHere: false,
      lastUsedAt: null,
      lastUsedOn: null,
      lastUsedHere: false,
    });
    expect(JSON.stringify(shown)).not.toContain(ELSEWHERE);
  });

  it('marks this device for creation and last use separately', () => {
    const usedHere = { ...record, lastUsedAt: '2025-02-01T00:00:00.000Z', lastUsedOn: { ...laptop, devicePseudonym: HERE } };
    expect(managedPasskey(usedHere, HERE)).toMatchObject({ createdHere: false, lastUsedHere: true });
    expect(managedPasskey(usedHere, ELSEWHERE)).toMatchObject({ createdHere: true, lastUsedHere: false });
  });

  it('an AAGUID nobody published is the unknown provider', () => {
    expect(managedPasskey({ ...record, aaguid: '00000000-0000-0000-0000-000000000000' }, HERE).provider).toBe('unknown provider');
  });
});
