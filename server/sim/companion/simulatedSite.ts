import type { SiteRecord } from '../../src/store/records.ts';

/** The one partner site every simulated person signs in to, with the default policy. */
export const SIMULATED_ORIGIN = 'https://shop.example';

export function simulatedSite(createdAt: number): SiteRecord {
  return {
    id: 'site_simulated0001',
    name: 'Shop',
    origins: [SIMULATED_ORIGIN],
    rpId: 'shop.example',
    loginCallback: `${SIMULATED_ORIGIN}/passkey-login`,
    secretHash: '0'.repeat(64),
    createdAt: new Date(createdAt).toISOString(),
  };
}
