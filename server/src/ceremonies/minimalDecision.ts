import type { AppendVariant, ClientSignals, Reason, ReasonCode } from '@pkc/shared';
import type { CredentialRecord, EventRecord } from '../store/records.ts';

/*
 * A deliberately small decision table so the ceremonies work end to end; the real Passkey
 * Intelligence engine (ARCHITECTURE §5) replaces it. Pure functions over plain data.
 */

const SENTENCES: Record<ReasonCode, string> = {
  'credential-usable-here': 'You have a passkey for this site that works here.',
  'no-usable-credential': 'No passkey for this account can be used here; sign in with your password.',
  'credentials-on-phone': 'Your passkey is on your phone; use it to sign in here.',
  'device-bound-elsewhere': 'Your passkeys are bound to other devices.',
  'repeated-failures': 'Passkey sign-in failed several times on this device.',
  'no-passkey-yet': 'Sign in faster next time with a passkey.',
  'passkey-exists-here': 'You already have a passkey for this site on this device.',
  'client-cannot-create': 'This browser cannot create a passkey.',
  'backed-off': 'You skipped the passkey offer recently; it will not be shown for a while.',
  'never-on-this-device': 'You asked not to be offered a passkey on this device.',
};

export function reason(code: ReasonCode): Reason {
  return { code, message: SENTENCES[code] };
}

export type MinimalLoginDecision = { decision: 'passkey'; reason: Reason } | { decision: 'password'; reason: Reason };

/**
 * An unknown user arrives here with no credentials, exactly like a known user without
 * passkeys, so both get the same reply (no enumeration oracle, ARCHITECTURE §2).
 */
export function decideLoginMinimal(input: { credentials: readonly CredentialRecord[] }): MinimalLoginDecision {
  return input.credentials.length > 0
    ? { decision: 'passkey', reason: reason('credential-usable-here') }
    : { decision: 'password', reason: reason('no-usable-credential') };
}

export type MinimalAppendDecision =
  | { decision: 'offer'; variant: AppendVariant; reason: Reason }
  | { decision: 'skip'; reason: Reason };

export const BACKOFF_SKIPS = 3;
export const BACKOFF_WINDOW_MS = 30 * 24 * 60 * 60_000;

export function decideAppendMinimal(input: {
  credentials: readonly CredentialRecord[];
  events: readonly EventRecord[];
  client: ClientSignals;
  now: number;
}): MinimalAppendDecision {
  const here = input.client.devicePseudonym;
  if (input.credentials.some((credential) => credential.createdOn.devicePseudonym === here)) {
    return { decision: 'skip', reason: reason('passkey-exists-here') };
  }
  const onThisDevice = input.events.filter((event) => event.devicePseudonym === here);
  if (onThisDevice.some((event) => event.type === 'append-never')) {
    return { decision: 'skip', reason: reason('never-on-this-device') };
  }
  const recentSkips = onThisDevice.filter(
    (event) => event.type === 'append-skip' && input.now - Date.parse(event.at) < BACKOFF_WINDOW_MS,
  );
  if (recentSkips.length >= BACKOFF_SKIPS) return { decision: 'skip', reason: reason('backed-off') };
  return input.credentials.length > 0
    ? { decision: 'offer', variant: 'second-device', reason: reason('no-usable-credential') }
    : { decision: 'offer', variant: 'first-passkey', reason: reason('no-passkey-yet') };
}
