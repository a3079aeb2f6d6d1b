import { activeDevices, type Device, type Person, type ProviderId, type Vault, type WorldPasskey } from './model.ts';

/*
 * Ground truth: what a device can really do with a passkey right now. Only the simulator
 * reads this (to play the person and the browser, and to score); the engine never does.
 */

const isApple = (device: Device) => device.kind === 'mac' || device.kind === 'iphone';
/** Google Password Manager runs on Android, and on desktops inside a Chrome profile signed in to Google. */
const runsGooglePasswordManager = (device: Device) => device.kind === 'android' || (!device.mobile && device.browser === 'Chrome');

/** Can this device's own providers answer a get() with this passkey? */
export function holdsLocally(device: Device, passkey: WorldPasskey): boolean {
  if (passkey.deleted || device.retired) return false;
  const { vault } = passkey;
  if (vault.kind === 'device') return vault.deviceId === device.id;
  switch (vault.provider) {
    case 'icloud-keychain':
      return isApple(device) && device.appleAccount === vault.account;
    case 'google-password-manager':
      return runsGooglePasswordManager(device) && device.googleAccount === vault.account;
    case 'password-manager':
      return device.passwordManager?.account === vault.account && device.passwordManager.loggedIn;
    default: {
      const unreachable: never = vault.provider;
      throw new Error(`unhandled provider ${String(unreachable)}`);
    }
  }
}

/** The person's phone that could answer this desktop over hybrid, if any. */
export function answeringPhone(person: Person, device: Device, passkey: WorldPasskey): Device | undefined {
  if (device.mobile || !device.bluetooth || !passkey.transports.includes('hybrid')) return undefined;
  return activeDevices(person).find((phone) => phone.mobile && holdsLocally(phone, passkey));
}

export interface Answer {
  passkey: WorldPasskey;
  via: 'local' | 'phone';
}

/**
 * What can answer a prompt allowing `allowed`: for a passkey prompt a provider here first,
 * else a phone, which the browser offers ("use a phone") for credentials announced with the
 * hybrid transport; a hybrid prompt only reaches the phone. Whether the person follows an
 * unannounced QR code is behaviour (behaviour.ts), not truth.
 */
export function answerPrompt(
  person: Person,
  device: Device,
  kind: 'passkey' | 'hybrid',
  allowed: readonly WorldPasskey[],
): Answer | undefined {
  if (kind === 'passkey') {
    const local = allowed.find((passkey) => holdsLocally(device, passkey));
    if (local !== undefined) return { passkey: local, via: 'local' };
  }
  const viaPhone = allowed.find((passkey) => answeringPhone(person, device, passkey) !== undefined);
  return viaPhone === undefined ? undefined : { passkey: viaPhone, via: 'phone' };
}

/** The prompt that would have worked here, among every passkey the server holds for the person. */
export function bestPossibleAnswer(person: Person, device: Device): Answer | undefined {
  return answerPrompt(person, device, 'passkey', person.passkeys);
}

/** Where a passkey made on this device goes; undefined when the device can't make one. */
export function newPasskeyProvider(device: Device): ProviderId | undefined {
  // A logged-in password manager extension takes the create() before the browser's own provider.
  if (device.passwordManager?.loggedIn === true) return 'password-manager';
  if (
    isApple(device) &&
    device.appleAccount !== undefined &&
    (device.kind === 'iphone' || device.browser === 'Safari' || device.googleAccount === undefined)
  ) {
    return 'icloud-keychain';
  }
  if (runsGooglePasswordManager(device) && device.googleAccount !== undefined) return 'google-password-manager';
  if (device.kind === 'windows' && device.platformAuthenticator) return 'windows-hello';
  return undefined;
}

export function vaultFor(device: Device, provider: ProviderId): Vault {
  const account = (value: string | undefined) => {
    if (value === undefined) throw new Error(`${provider} without an account on ${device.kind}`);
    return value;
  };
  switch (provider) {
    case 'icloud-keychain':
      return { kind: 'account', provider, account: account(device.appleAccount) };
    case 'google-password-manager':
      return { kind: 'account', provider, account: account(device.googleAccount) };
    case 'password-manager':
      return { kind: 'account', provider, account: account(device.passwordManager?.account) };
    case 'windows-hello':
      return { kind: 'device', deviceId: device.id };
    default: {
      const unreachable: never = provider;
      throw new Error(`unhandled provider ${String(unreachable)}`);
    }
  }
}

/** Why this passkey can't answer on this device: the world situation behind a miss. */
export function whyNotHere(device: Device, passkey: WorldPasskey): string {
  if (passkey.deleted) return 'passkey deleted';
  const { vault } = passkey;
  if (vault.kind === 'device') return 'device-bound to another device';
  switch (vault.provider) {
    case 'icloud-keychain':
      return isApple(device) ? 'cloud account changed' : 'provider not on this device';
    case 'google-password-manager':
      if (!runsGooglePasswordManager(device)) return 'provider not on this device';
      return device.googleAccount === undefined ? 'browser not signed in to the provider' : 'cloud account changed';
    case 'password-manager':
      if (device.passwordManager === undefined) return 'provider not on this device';
      return device.passwordManager.loggedIn ? 'cloud account changed' : 'password manager logged out';
    default: {
      const unreachable: never = vault.provider;
      throw new Error(`unhandled provider ${String(unreachable)}`);
    }
  }
}

/** The most telling reason among the allowed passkeys: event-caused situations first. */
export function whyPromptFailed(person: Person, device: Device, kind: 'passkey' | 'hybrid', allowed: readonly WorldPasskey[]): string {
  const phone = activeDevices(person).find((d) => d.mobile);
  const reasons = allowed.map((passkey) => {
    if (kind === 'passkey') return whyNotHere(device, passkey);
    if (phone === undefined) return 'no phone';
    return `phone: ${whyNotHere(phone, passkey)}`;
  });
  const order = ['passkey deleted', 'cloud account changed', 'password manager logged out', 'browser not signed in to the provider'];
  for (const telling of order) {
    const found = reasons.find((r) => r.endsWith(telling));
    if (found !== undefined) return found;
  }
  return reasons[0] ?? 'nothing allowed';
}
