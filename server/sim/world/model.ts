import type { Transport } from '@pkc/shared';

/*
 * The simulated world: people, their devices, the passkey providers on each device and the
 * passkeys they hold. It is the ground truth the engine never sees (issue 18): the engine
 * gets only what an extension would send (signals.ts) and what the server recorded.
 */

export type DeviceKind = 'iphone' | 'android' | 'mac' | 'windows' | 'linux';

/** Which passkey provider a new passkey made on a device lands in. */
export type ProviderId = 'icloud-keychain' | 'google-password-manager' | 'windows-hello' | 'password-manager';

export interface PasswordManagerInstall {
  account: string;
  loggedIn: boolean;
  /** Day it logs back in after a log-out (the person notices sooner or later). */
  backOnDay?: number;
}

export interface Device {
  id: number;
  kind: DeviceKind;
  /** The extension's per-site random id: one per browser profile, so one per device here. */
  pseudonym: string;
  browser: string;
  mobile: boolean;
  /** Desktop with Bluetooth: can reach a phone over hybrid (QR code + BLE). */
  bluetooth: boolean;
  /** A user-verifying platform authenticator (Touch ID, Windows Hello PIN, phone screen lock). */
  platformAuthenticator: boolean;
  /**
   * The browser answers `navigator.credentials.get({ uiMode: 'immediate' })`: at once, with no
   * UI, a passkey of the site held here or NotAllowedError (getClientCapabilities().immediateGet).
   */
  immediateGet: boolean;
  /** Apple ID the device's iCloud Keychain is signed in to (Apple devices). */
  appleAccount?: string;
  /** Google account of Android's Google Password Manager, or of a desktop Chrome profile signed in. */
  googleAccount?: string;
  passwordManager?: PasswordManagerInstall;
  /** Retired devices (a phone replaced) are never used again. */
  retired: boolean;
  /** Day the device joined: the first day of its logins. */
  sinceDay: number;
}

/** Where a passkey's private key lives: a provider account (synced) or one device (bound). */
export type Vault =
  | { kind: 'account'; provider: Exclude<ProviderId, 'windows-hello'>; account: string }
  | { kind: 'device'; deviceId: number };

export interface WorldPasskey {
  /** The credential id the server stored. */
  credentialId: string;
  provider: ProviderId;
  vault: Vault;
  transports: Transport[];
  deleted: boolean;
}

export interface Person {
  index: number;
  username: string;
  devices: Device[];
  passkeys: WorldPasskey[];
  /** Logins per day on average. */
  loginRate: number;
  /** How readily this person accepts a passkey offer. */
  eagerness: number;
}

/** What a provider makes: the AAGUID, flags and transports a real authenticator reports. */
export interface ProviderProfile {
  aaguid: string;
  backupEligible: boolean;
  transports: Transport[];
}

// AAGUIDs as in server/src/intelligence/providers.ts (the published community list).
export const PROVIDER_PROFILES: Readonly<Record<ProviderId, ProviderProfile>> = {
  'icloud-keychain': { aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', backupEligible: true, transports: ['hybrid', 'internal'] },
  'google-password-manager': { aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', backupEligible: true, transports: ['hybrid', 'internal'] },
  'windows-hello': { aaguid: '08987058-cadc-4b81-b6e1-30de50dcbe96', backupEligible: false, transports: ['internal'] },
  // 1Password's browser extension: synced through its own account, on whichever device runs it.
  'password-manager': { aaguid: 'bada5566-a7aa-401f-bd96-45619a55120d', backupEligible: true, transports: ['internal'] },
};

export const activeDevices = (person: Person): Device[] => person.devices.filter((d) => !d.retired);
export const isDesktop = (device: Device) => !device.mobile;
