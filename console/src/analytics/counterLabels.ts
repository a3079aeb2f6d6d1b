import type { AppendVariant, LoginDecision, ReasonCode } from '@pkc/shared';

/*
 * What the server's counter names mean, in the words the analytics page uses. A counter this
 * table doesn't know is still shown, under its own name.
 */

export const COUNTER_LABELS: Readonly<Record<string, string>> = {
  identifiersSeen: 'Identifiers entered on the login page',
  passkeyLoginsStarted: 'Passkey prompts started',
  passkeyLoginsSucceeded: 'Passkey logins succeeded',
  passkeyLoginsFailed: 'Passkey logins failed',
  fallbacksToPassword: 'Fallbacks to password',
  hybridLogins: 'Passkey logins from a phone (QR code)',
  immediateNoneHere: 'Quiet checks that found no passkey on the device',
  passwordLogins: 'Password logins',
  appendOffered: 'Passkey offers shown',
  appendCreated: 'Passkeys created from an offer',
  appendSkipped: 'Offers answered "not now"',
  appendNever: 'Offers answered "not on this device"',
  appendFailed: 'Offers where creating the passkey failed',
  healsCompleted: 'Failing passkeys replaced (heal)',
};

export const DECISION_LABELS: Record<LoginDecision, string> = {
  passkey: 'Passkey on this device',
  hybrid: 'Passkey on a phone (QR code)',
  password: 'Password',
};

export const VARIANT_LABELS: Record<AppendVariant, string> = {
  'first-passkey': 'First passkey',
  'after-hybrid': 'After a phone login',
  heal: 'Replace a failing passkey',
  'second-device': 'Another device',
};

export const REASON_LABELS: Record<ReasonCode, string> = {
  'credential-usable-here': 'A passkey works on this device',
  'no-usable-credential': 'No passkey yet',
  'credentials-on-phone': 'Passkey on a phone',
  'device-bound-elsewhere': 'Passkey bound to another device',
  'repeated-failures': 'Repeated passkey failures here',
  'checking-this-device': 'Asked the device quietly',
  'not-on-this-device': 'Quiet check found no passkey',
  'not-enabled-here': 'Paused, or outside the rollout',
  'no-passkey-yet': 'No passkey yet (offer)',
  'passkey-exists-here': 'A passkey already works here',
  'client-cannot-create': "The device can't create one",
  'backed-off': 'Backing off after "not now"',
  'never-on-this-device': '"Not on this device"',
};

export function counterLabel(counter: string): string {
  return COUNTER_LABELS[counter] ?? counter;
}

/** A label from `labels` when `key` is one of its keys, else the key itself. */
export function labelFor(labels: Readonly<Record<string, string>>, key: string): string {
  return Object.hasOwn(labels, key) ? (labels[key] ?? key) : key;
}
