/**
 * The one closed list of error codes both sides branch on. HTTP replies carry
 * `{ error: { code, message } }`; callers branch on `code`, never on message text.
 */
export const ERROR_CODES = {
  bad_request: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  unknown_site: 404,
  origin_not_allowed: 403,
  extension_not_allowed: 403,
  unauthorized: 401,
  not_found: 404,
  grant_invalid: 400,
  ceremony_invalid: 400,
  verification_failed: 400,
  credential_unknown: 400,
  credential_exists: 409,
  token_invalid: 400,
  token_used: 409,
  token_other_browser: 400,
  /** The popup's manage session (your passkeys) is unknown, used, expired or another site's: sign in again. */
  manage_session_invalid: 401,
  rate_limited: 429,
  storage_failed: 503,
  /** The database (DATABASE_URL) can't be reached right now; retry later. */
  store_unavailable: 503,
  /** An origin of a site didn't serve the site's proof at ORIGIN_PROOF_PATH: the site stays inactive. */
  origin_unverified: 409,
  /** The site-owner console: not signed in, or the session ended (sign in again). */
  console_session_required: 401,
  /** A console change without its session's CSRF token (or from another origin). */
  csrf_failed: 403,
  /** A console enrolment link that is unknown, already used or expired. */
  invite_invalid: 410,
  /** Registering a site from the console is off on this server (CONSOLE_SELF_SERVICE). */
  self_service_off: 403,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
