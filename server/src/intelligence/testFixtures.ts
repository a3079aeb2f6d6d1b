import { clientSignalsSchema, type ClientSignals } from '@pkc/shared';
import type { CredentialFacts, DeviceFacts, HistoryEvent } from './types.ts';

/*
 * Recorded client signal sets (what the extension collected on real browsers, pseudonyms
 * replaced) and small builders for the table-driven engine tests. Parsed with the shared
 * schema so they stay real shapes.
 */

const chromeDesktopCapabilities = {
  conditionalCreate: true,
  conditionalGet: true,
  hybridTransport: true,
  passkeyPlatformAuthenticator: true,
  userVerifyingPlatformAuthenticator: true,
  relatedOrigins: true,
  signalAllAcceptedCredentials: true,
  signalCurrentUserDetails: true,
  signalUnknownCredential: true,
};

export const MAC_CHROME: ClientSignals = clientSignalsSchema.parse({
  os: 'macos',
  browser: 'Google Chrome',
  mobile: false,
  platformAuthenticator: true,
  capabilities: chromeDesktopCapabilities,
  devicePseudonym: 'mac-chrome-K3v9Qm2xT7pL',
});

export const WINDOWS_CHROME: ClientSignals = clientSignalsSchema.parse({
  os: 'windows',
  browser: 'Google Chrome',
  mobile: false,
  platformAuthenticator: true,
  capabilities: chromeDesktopCapabilities,
  devicePseudonym: 'win-chrome-8fHq2LzW0aRt',
});

/** A desktop tower without Bluetooth: Chrome reports hybridTransport false. */
export const WINDOWS_EDGE_NO_BLUETOOTH: ClientSignals = clientSignalsSchema.parse({
  os: 'windows',
  browser: 'Microsoft Edge',
  mobile: false,
  platformAuthenticator: true,
  capabilities: { ...chromeDesktopCapabilities, hybridTransport: false },
  devicePseudonym: 'win-edge-tower-P0sN4kVb7cYe',
});

/** Firefox on Linux: no platform authenticator, no synced provider. */
export const LINUX_FIREFOX: ClientSignals = clientSignalsSchema.parse({
  os: 'linux',
  browser: 'Firefox',
  mobile: false,
  platformAuthenticator: false,
  capabilities: { conditionalGet: true, hybridTransport: false, userVerifyingPlatformAuthenticator: false },
  devicePseudonym: 'linux-firefox-Zr5tG1mWq8Ud',
});

/** Chrome on Linux: no platform authenticator, but Google Password Manager can hold passkeys. */
export const LINUX_CHROME: ClientSignals = clientSignalsSchema.parse({
  os: 'linux',
  browser: 'Chromium',
  mobile: false,
  platformAuthenticator: false,
  capabilities: { ...chromeDesktopCapabilities, passkeyPlatformAuthenticator: false, userVerifyingPlatformAuthenticator: false },
  devicePseudonym: 'linux-chrome-Xc2Lw9Pq4Rb6',
});

export const ANDROID_CHROME: ClientSignals = clientSignalsSchema.parse({
  os: 'android',
  browser: 'Google Chrome',
  mobile: true,
  platformAuthenticator: true,
  capabilities: chromeDesktopCapabilities,
  devicePseudonym: 'pixel-chrome-Hn3sB8vK1qZw',
});

export const IPHONE_SAFARI: ClientSignals = clientSignalsSchema.parse({
  os: 'ios',
  browser: 'Safari',
  mobile: true,
  platformAuthenticator: true,
  capabilities: { conditionalCreate: true, conditionalGet: true, hybridTransport: true, userVerifyingPlatformAuthenticator: true },
  devicePseudonym: 'iphone-safari-Tq7mR2xN5vLa',
});

export const device = (client: ClientSignals): DeviceFacts => ({
  devicePseudonym: client.devicePseudonym,
  os: client.os,
  browser: client.browser,
  mobile: client.mobile,
});

/** Another Windows PC (its Windows Hello keys never leave it). */
export const OTHER_WINDOWS_PC: DeviceFacts = {
  devicePseudonym: 'win-office-pc-4Lq8Zx1Vn6Ks',
  os: 'windows',
  browser: 'Microsoft Edge',
  mobile: false,
};
export const OTHER_MAC: DeviceFacts = { devicePseudonym: 'mac-other-Wm3Pz7Qk2Xd9', os: 'macos', browser: 'Google Chrome', mobile: false };
export const USERS_IPHONE = device(IPHONE_SAFARI);
export const USERS_ANDROID = device(ANDROID_CHROME);

export const AAGUID = {
  icloud: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
  googlePasswordManager: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4',
  windowsHello: '08987058-cadc-4b81-b6e1-30de50dcbe96',
  chromeOnMac: 'adce0002-35bc-c60a-648b-0b25f1f05503',
  onePassword: 'bada5566-a7aa-401f-bd96-45619a55120d',
  yubikey: 'b92c3f9a-c014-4056-887f-140a2501163b',
  /** What an authenticator that hides its make reports (and CDP virtual authenticators). */
  zero: '00000000-0000-0000-0000-000000000000',
} as const;

/** Realistic flags per provider: synced providers set BE+BS, device-bound ones neither. */
export function credential(id: string, aaguid: string, createdOn: DeviceFacts, more: Partial<CredentialFacts> = {}): CredentialFacts {
  const synced = aaguid === AAGUID.icloud || aaguid === AAGUID.googlePasswordManager || aaguid === AAGUID.onePassword;
  return {
    id,
    aaguid,
    backupEligible: synced,
    backedUp: synced,
    transports: createdOn.mobile ? ['hybrid', 'internal'] : ['internal'],
    createdOn,
    ...more,
  };
}

export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
export const DAY = 24 * 60 * 60 * 1000;

export function event(type: HistoryEvent['type'], on: ClientSignals | DeviceFacts, daysAfterT0: number, errorName?: string): HistoryEvent {
  return { type, devicePseudonym: on.devicePseudonym, at: T0 + daysAfterT0 * DAY, ...(errorName === undefined ? {} : { errorName }) };
}
