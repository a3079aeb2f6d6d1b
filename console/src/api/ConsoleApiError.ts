import { isErrorCode, type ErrorCode } from '@pkc/shared';

/** Failures this page finds on its own: no reply at all, or a reply that isn't what the API promises. */
type ClientCode = 'network' | 'bad_reply' | 'unknown';

/** The shared table's codes (the server's), plus the page's own. */
export type ConsoleApiErrorCode = ErrorCode | ClientCode;

/** A server code this page doesn't know becomes `unknown` (its message is still shown). */
export function toConsoleApiErrorCode(code: string): ConsoleApiErrorCode {
  return isErrorCode(code) ? code : 'unknown';
}

/** The one error type of the console's API calls: callers branch on `code`, never on the message. */
export class ConsoleApiError extends Error {
  override readonly name = 'ConsoleApiError';
  readonly code: ConsoleApiErrorCode;
  /** The HTTP status, when there was a reply. */
  readonly status: number | undefined;
  /** The dotted path of the bad input ("origins.1"), when the server knows it. */
  readonly field: string | undefined;

  constructor(code: ConsoleApiErrorCode, message: string, details: { status?: number; field?: string; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.field = details.field;
  }
}
