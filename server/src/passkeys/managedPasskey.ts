import type { ManagedPasskey } from '@pkc/shared';
import { providerFor } from '../intelligence/providers.ts';
import type { CredentialRecord, DeviceSeen } from '../store/records.ts';

/**
 * One passkey as the popup shows it to its owner: the provider named from the AAGUID, where and
 * when it was made and last used, and whether that was this device (the caller's per-site
 * pseudonym). Other devices' pseudonyms never leave the server.
 */
export function managedPasskey(record: CredentialRecord, devicePseudonym: string): ManagedPasskey {
  return {
    credentialId: record.id,
    provider: providerFor(record.aaguid).name,
    synced: record.backupEligible,
    createdAt: record.createdAt,
    createdOn: described(record.createdOn),
    createdHere: record.createdOn.devicePseudonym === devicePseudonym,
    lastUsedAt: record.lastUsedAt,
    lastUsedOn: record.lastUsedOn === null ? null : described(record.lastUsedOn),
    lastUsedHere: record.lastUsedOn?.devicePseudonym === devicePseudonym,
  };
}

function described(device: DeviceSeen): ManagedPasskey['createdOn'] {
  return { os: device.os, browser: device.browser, mobile: device.mobile };
}
