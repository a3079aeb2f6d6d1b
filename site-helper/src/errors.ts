import type { ErrorCode } from '@pkc/shared';

/**
 * What went wrong, as a code a partner's backend can branch on: the companion's own error
 * codes (`grant_invalid`, `token_used`, `token_other_browser`, `unauthorized`, …) or one of
 * the helper's: `timeout` (no answer within the time budget), `unreachable` (no connection),
 * `bad_reply` (an answer that isn't the companion's API), `token_invalid` (the token failed the
 * offline check: signature, issuer, audience, expiry).
 */
export type CompanionSiteErrorCode = ErrorCode | 'timeout' | 'unreachable' | 'bad_reply';

export class CompanionSiteError extends Error {
  constructor(
    readonly code: CompanionSiteErrorCode,
    message: string,
    /** The HTTP status when the companion answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CompanionSiteError';
  }
}
