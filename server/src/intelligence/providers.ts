import type { ClientSignals } from '@pkc/shared';

/*
 * AAGUID → passkey provider, and where each provider can exist. AAGUIDs are the published
 * values from the community list passkeydeveloper/passkey-authenticator-aaguids (aaguid.json).
 * Only well-known providers are listed; anything else is the "unknown provider", about which
 * the engine assumes nothing and trusts only device evidence.
 */

export type ProviderKind =
  /** Synced by the platform vendor to every device signed in to the same account. */
  | 'synced-platform'
  /** Synced by the manager, but installed per device: "here" only if seen on this device. */
  | 'password-manager'
  /** Lives in one device's (or browser profile's) secure hardware; never leaves it. */
  | 'device-bound-platform'
  /** A roaming authenticator the user carries (USB/NFC/BLE). */
  | 'security-key'
  | 'unknown';

export type Os = ClientSignals['os'];

export interface Provider {
  name: string;
  kind: ProviderKind;
  /** Can this provider exist at all on a device with this OS / browser / form factor? */
  availableOn(os: Os, browser: string, mobile: boolean): boolean;
}

export type BrowserFamily = 'chrome' | 'edge' | 'firefox' | 'safari' | 'samsung' | 'opera' | 'other';

/**
 * Normalizes the brand the extension reports (UA-CH brand or UA token, e.g. "Google Chrome",
 * "Chromium", "HeadlessChrome", "Microsoft Edge"). Chromium forks that carry their own
 * brand are checked before the generic Chrome match.
 */
export function browserFamily(browser: string): BrowserFamily {
  const b = browser.toLowerCase();
  if (b.includes('edg')) return 'edge';
  if (b.includes('opr') || b.includes('opera')) return 'opera';
  if (b.includes('samsung')) return 'samsung';
  if (b.includes('firefox')) return 'firefox';
  if (b.includes('chrom')) return 'chrome';
  if (b.includes('safari')) return 'safari';
  return 'other';
}

const DESKTOP_OSES: readonly Os[] = ['windows', 'macos', 'linux', 'chromeos'];

// iCloud Keychain syncs to every Apple device on the same Apple ID. On macOS, Safari and
// (recent) Chrome and Firefox use the system's passkeys; on iOS/iPadOS every browser does.
const onAppleDevices = (os: Os) => os === 'macos' || os === 'ios';

// Google Password Manager: the system provider on Android (any browser through Credential
// Manager), and on desktop only inside Chrome itself, on every desktop OS, where the user is
// signed in to Chrome. It is not a system provider on iOS, so it does not count there.
const googlePasswordManager = (os: Os, browser: string) =>
  os === 'android' || (DESKTOP_OSES.includes(os) && browserFamily(browser) === 'chrome');

// Windows Hello keys sit in one PC's TPM: the OS is necessary, the device is decided by the
// device pseudonym (placement.ts), never by the OS alone.
const onWindows = (os: Os) => os === 'windows';

// Password managers ship apps and browser extensions for every mainstream platform, so the
// platform never rules them out, but whether one is installed here is unknowable from the
// server: placement.ts only counts them "here" when a credential was created or used here.
const everywhere = () => true;

const SYNCED_PLATFORM: ProviderKind = 'synced-platform';

const TABLE: Readonly<Record<string, Provider>> = {
  'fbfc3007-154e-4ecc-8c0b-6e020557d7bd': { name: 'iCloud Keychain', kind: SYNCED_PLATFORM, availableOn: onAppleDevices },
  'dd4ec289-e01d-41c9-bb89-70fa845d4bf2': {
    name: 'iCloud Keychain (Managed)',
    kind: SYNCED_PLATFORM,
    availableOn: onAppleDevices,
  },
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4': {
    name: 'Google Password Manager',
    kind: SYNCED_PLATFORM,
    availableOn: googlePasswordManager,
  },
  '08987058-cadc-4b81-b6e1-30de50dcbe96': { name: 'Windows Hello', kind: 'device-bound-platform', availableOn: onWindows },
  '9ddd1817-af5a-4672-a2b9-3e3dd95000a9': { name: 'Windows Hello', kind: 'device-bound-platform', availableOn: onWindows },
  '6028b017-b1d4-4c02-b4b3-afcdafc96bb2': { name: 'Windows Hello', kind: 'device-bound-platform', availableOn: onWindows },
  // Chrome's and Edge's own macOS authenticators keep keys in one browser profile on one Mac.
  'adce0002-35bc-c60a-648b-0b25f1f05503': {
    name: 'Chrome on Mac',
    kind: 'device-bound-platform',
    availableOn: (os, browser) => os === 'macos' && browserFamily(browser) === 'chrome',
  },
  '771b48fd-d3d4-4f74-9232-fc157ab0507a': {
    name: 'Edge on Mac',
    kind: 'device-bound-platform',
    availableOn: (os, browser) => os === 'macos' && browserFamily(browser) === 'edge',
  },
  'bada5566-a7aa-401f-bd96-45619a55120d': { name: '1Password', kind: 'password-manager', availableOn: everywhere },
  'd548826e-79b4-db40-a3d8-11116f7e8349': { name: 'Bitwarden', kind: 'password-manager', availableOn: everywhere },
  '531126d6-e717-415c-9320-3d9aa6981239': { name: 'Dashlane', kind: 'password-manager', availableOn: everywhere },
  '50726f74-6f6e-5061-7373-50726f746f6e': { name: 'Proton Pass', kind: 'password-manager', availableOn: everywhere },
  '0ea242b4-43c4-4a1b-8b17-dd6d0b6baec6': { name: 'Keeper', kind: 'password-manager', availableOn: everywhere },
  'b84e4048-15dc-4dd0-8640-f4f60813c8af': { name: 'NordPass', kind: 'password-manager', availableOn: everywhere },
  'f3809540-7f14-49c1-a8b3-8f813b225541': { name: 'Enpass', kind: 'password-manager', availableOn: everywhere },
  'b78a0a55-6ef8-d246-a042-ba0f6d55050c': { name: 'LastPass', kind: 'password-manager', availableOn: everywhere },
  // KeePassXC is a desktop application (reached through its browser extension).
  'fdb141b2-5d84-443e-8a35-4698c205a502': {
    name: 'KeePassXC',
    kind: 'password-manager',
    availableOn: (os, _browser, mobile) => !mobile && (os === 'windows' || os === 'macos' || os === 'linux'),
  },
  // Samsung Pass syncs through a Samsung account, but only Galaxy (Android) devices run it.
  '53414d53-554e-4700-0000-000000000000': {
    name: 'Samsung Pass',
    kind: 'password-manager',
    availableOn: (os) => os === 'android',
  },
  '42b4fb4a-2866-43b2-9bf7-6c6669c2e5d3': { name: 'Google Titan Security Key', kind: 'security-key', availableOn: everywhere },
  'b92c3f9a-c014-4056-887f-140a2501163b': { name: 'Security Key by Yubico', kind: 'security-key', availableOn: everywhere },
  'f8a011f3-8c0a-4d15-8006-17111f9edc7d': { name: 'Security Key by Yubico', kind: 'security-key', availableOn: everywhere },
  'e77e3c64-05e3-428b-8824-0cbeb04b829d': { name: 'Security Key NFC by Yubico', kind: 'security-key', availableOn: everywhere },
  'a4e9fc6d-4cbe-4758-b8ba-37598bb5bbaa': { name: 'Security Key NFC by Yubico', kind: 'security-key', availableOn: everywhere },
};

/** We know nothing about it, so nothing rules it out; only device evidence places it. */
export const UNKNOWN_PROVIDER: Provider = { name: 'unknown provider', kind: 'unknown', availableOn: everywhere };

export function providerFor(aaguid: string): Provider {
  return TABLE[aaguid.trim().toLowerCase()] ?? UNKNOWN_PROVIDER;
}

export function providerAvailableHere(provider: Provider, client: Pick<ClientSignals, 'os' | 'browser' | 'mobile'>): boolean {
  return provider.availableOn(client.os, client.browser, client.mobile);
}

/** Synced platform providers present on this client: they can hold a new passkey here. */
export function syncedProvidersHere(client: Pick<ClientSignals, 'os' | 'browser' | 'mobile'>): Provider[] {
  return Object.values(TABLE).filter((p) => p.kind === 'synced-platform' && providerAvailableHere(p, client));
}
