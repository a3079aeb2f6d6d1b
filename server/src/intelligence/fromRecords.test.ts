import { describe, expect, it } from 'vitest';
import type { CredentialRecord, EventRecord } from '../store/records.ts';
import { engineInputsFromRecords } from './fromRecords.ts';
import { AAGUID, device, MAC_CHROME, USERS_IPHONE } from './testFixtures.ts';

const record: CredentialRecord = {
  id: 'Y3JlZC0x',
  siteId: 'site_shopexample1',
  userId: 'u-1',
  publicKey: 'cHVibGljLWtleQ',
  counter: 0,
  transports: ['hybrid', 'internal'],
  aaguid: AAGUID.icloud,
  backupEligible: true,
  backedUp: true,
  deviceType: 'multiDevice',
  createdAt: '2025-06-01T12:00:00.000Z',
  createdOn: USERS_IPHONE,
  lastUsedAt: null,
  lastUsedOn: null,
};

const events: EventRecord[] = [
  {
    siteId: 'site_shopexample1',
    userId: 'u-1',
    type: 'login-failure',
    devicePseudonym: MAC_CHROME.devicePseudonym,
    at: '2025-06-02T08:00:00.000Z',
    detail: 'NotAllowedError',
  },
  {
    siteId: 'site_shopexample1',
    userId: 'u-1',
    type: 'append-skip',
    devicePseudonym: MAC_CHROME.devicePseudonym,
    at: '2025-06-03T08:00:00.000Z',
    detail: 'ignored',
  },
];

describe('engineInputsFromRecords', () => {
  it('snapshots stored credentials and events into the engine inputs', () => {
    const inputs = engineInputsFromRecords([record, { ...record, id: 'Y3JlZC0y', lastUsedOn: device(MAC_CHROME) }], events);
    expect(inputs.credentials[0]).toEqual({
      id: 'Y3JlZC0x',
      aaguid: AAGUID.icloud,
      backupEligible: true,
      backedUp: true,
      transports: ['hybrid', 'internal'],
      createdOn: USERS_IPHONE,
    });
    expect(inputs.credentials[1]?.lastUsedOn).toEqual(device(MAC_CHROME));
    expect(inputs.history).toEqual([
      { type: 'login-failure', devicePseudonym: MAC_CHROME.devicePseudonym, at: Date.UTC(2025, 5, 2, 8), errorName: 'NotAllowedError' },
      { type: 'append-skip', devicePseudonym: MAC_CHROME.devicePseudonym, at: Date.UTC(2025, 5, 3, 8) },
    ]);
  });
});
