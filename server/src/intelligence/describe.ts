import type { ClientSignals, Reason, ReasonCode } from '@pkc/shared';
import type { PlacedCredential } from './placement.ts';
import type { DeviceFacts } from './types.ts';

/*
 * Words for the reason sentences shown in the popup and the dashboard. Sentences never
 * contain the username or anything else the asker did not already know.
 */

type Form = Pick<ClientSignals, 'os' | 'mobile'>;

/** "Mac", "Windows computer", "Android phone", … — the noun for a kind of device. */
export function deviceNoun(device: Form): string {
  switch (device.os) {
    case 'ios':
      return device.mobile ? 'iPhone' : 'iPad';
    case 'android':
      return device.mobile ? 'Android phone' : 'Android tablet';
    case 'macos':
      return 'Mac';
    case 'windows':
      return 'Windows computer';
    case 'linux':
      return 'Linux computer';
    case 'chromeos':
      return 'Chromebook';
    case 'other':
      return device.mobile ? 'phone' : 'device';
    default: {
      const unreachable: never = device.os;
      throw new Error(`unhandled os ${String(unreachable)}`);
    }
  }
}

/** "this Mac" for the client asking now. */
export const thisDevice = (client: Form) => `this ${deviceNoun(client)}`;

/** "your iPhone" for a device a credential lives on. */
export const yourDevice = (device: DeviceFacts) => `your ${deviceNoun(device)}`;

const SITE_NAME_MAX = 40;
/** MAX_MESSAGE is the reply schema's limit (shared/src/decisions.ts reasonSchema). */
const MAX_MESSAGE = 300;

/** The site's name as sentences use it; long names are shortened so sentences stay readable. */
export function siteLabel(siteName: string | undefined): string {
  const name = siteName?.trim() ?? '';
  if (name === '') return 'this site';
  return name.length > SITE_NAME_MAX ? `${name.slice(0, SITE_NAME_MAX - 1)}…` : name;
}

/** A reason whose sentence always fits the reply schema. */
export function reason(code: ReasonCode, message: string): Reason {
  return { code, message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message };
}

/** "in iCloud Keychain on your iPhone" / "on your Android phone" (unknown provider). */
export function whereItLives(placed: PlacedCredential): string {
  const device = placed.credential.lastUsedOn?.mobile === true ? placed.credential.lastUsedOn : placed.credential.createdOn;
  return placed.provider.kind === 'unknown' ? `on ${yourDevice(device)}` : `in ${placed.provider.name} on ${yourDevice(device)}`;
}

/**
 * What a login decision says before anyone is verified (security review round 2, finding 6):
 * the decision and the options the browser needs already tell an asker whether a passkey
 * login is on; where the passkey lives, in which provider, on which device, does not go to
 * strangers. The detailed sentence comes back with a verified login (login/finish).
 */
export function publicLoginReason(detailed: Reason): Reason {
  return reason(detailed.code, PUBLIC_LOGIN_SENTENCES[detailed.code]);
}

const PUBLIC_LOGIN_SENTENCES: Record<ReasonCode, string> = {
  'credential-usable-here': 'Your passkey can sign you in here.',
  'credentials-on-phone': 'Sign in with the passkey on your phone: scan the QR code with it.',
  'no-usable-credential': 'Sign in with your password here.',
  'device-bound-elsewhere': 'Sign in with your password here.',
  'repeated-failures': 'Sign in with your password here.',
  'checking-this-device': 'Your passkey can sign you in here.',
  'not-on-this-device': 'No passkey turned up on this device: sign in with your password here.',
  'not-enabled-here': 'Sign in with your password.',
  'no-passkey-yet': 'Sign in with your password.',
  'passkey-exists-here': 'Sign in with your password.',
  'client-cannot-create': 'Sign in with your password.',
  'backed-off': 'Sign in with your password.',
  'never-on-this-device': 'Sign in with your password.',
};
