import type { AppendVariant, LoginDecision, ReasonCode } from '@pkc/shared';

/*
 * The names of a site's aggregate counters (issue 15), in one place: what the ceremonies count
 * and what GET /v1/sites/{siteId}/stats reports. Counts only, never about one person.
 */

export const COUNTER = {
  /** login/start asked: a login page where someone entered an identifier. */
  identifiersSeen: 'identifiersSeen',
  /** A passkey or hybrid prompt (or immediate check) was started. */
  passkeyLoginsStarted: 'passkeyLoginsStarted',
  passkeyLoginsSucceeded: 'passkeyLoginsSucceeded',
  passkeyLoginsFailed: 'passkeyLoginsFailed',
  /** Password decided for an account that has passkeys (not for one without any). */
  fallbacksToPassword: 'fallbacksToPassword',
  /** Passkey logins presented by a phone (QR + Bluetooth). */
  hybridLogins: 'hybridLogins',
  /** Immediate checks that found no passkey on the device (no prompt was shown). */
  immediateNoneHere: 'immediateNoneHere',
  appendOffered: 'appendOffered',
  appendCreated: 'appendCreated',
  appendSkipped: 'appendSkipped',
  appendNever: 'appendNever',
  appendFailed: 'appendFailed',
  /** Partner logins with the password (append grants minted after one: hook 1). */
  passwordLogins: 'passwordLogins',
  /** New passkeys that replaced one failing on the device (variant heal). */
  healsCompleted: 'healsCompleted',
} as const;

export const decisionCounter = (decision: LoginDecision) => `decision:${decision}`;
export const reasonCounter = (code: ReasonCode) => `reason:${code}`;
export const offeredCounter = (variant: AppendVariant) => `appendOffered:${variant}`;
export const createdCounter = (variant: AppendVariant) => `appendCreated:${variant}`;
/** An offer's other outcomes, by variant: "not now", "not on this device", and a creation that failed. */
export const declinedCounter = (choice: 'skip' | 'never', variant: AppendVariant) =>
  `${choice === 'skip' ? COUNTER.appendSkipped : COUNTER.appendNever}:${variant}`;
export const appendFailedCounter = (variant: AppendVariant) => `appendFailed:${variant}`;
/** By WebAuthn error name; anything not a plain name counts as `other` (the extension sends it). */
export const failedCounter = (errorName: string) => `loginFailed:${/^[A-Za-z]{1,64}$/.test(errorName) ? errorName : 'other'}`;
