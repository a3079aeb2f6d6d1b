import type { CredentialRecord, CredentialSummary, DeviceSeen } from './records.ts';

/** The platform a passkey was created on, as CredentialSummary.byPlatform counts it (pgStore.ts says the same in SQL). */
export function platformKey(device: Pick<DeviceSeen, 'os' | 'mobile'>): string {
  return `${device.os}:${device.mobile ? 'mobile' : 'desktop'}`;
}

/** Counts one site's passkeys, given each user's list (the in-memory engines' Store.summarizeCredentials). */
export function summarizeCredentialLists(perUser: Iterable<readonly CredentialRecord[]>): CredentialSummary {
  let usersWithPasskeys = 0;
  let passkeys = 0;
  // Maps, then Object.fromEntries: a key is data, never a property name like __proto__ assigned to.
  const byAaguid = new Map<string, number>();
  const byPlatform = new Map<string, number>();
  for (const credentials of perUser) {
    if (credentials.length === 0) continue;
    usersWithPasskeys += 1;
    for (const credential of credentials) {
      passkeys += 1;
      byAaguid.set(credential.aaguid, (byAaguid.get(credential.aaguid) ?? 0) + 1);
      const platform = platformKey(credential.createdOn);
      byPlatform.set(platform, (byPlatform.get(platform) ?? 0) + 1);
    }
  }
  return { usersWithPasskeys, passkeys, byAaguid: Object.fromEntries(byAaguid), byPlatform: Object.fromEntries(byPlatform) };
}
