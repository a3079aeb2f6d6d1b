import { isErrorCode, type BackgroundFailure, type ErrorCode } from '@pkc/shared';

/**
 * The closed list of failure codes the background replies with: the companion server's own
 * error codes (passed through so callers can branch on them) plus what can go wrong on the
 * way there. Callers branch on `code`, never on `message`.
 */
export type ExtensionFailureCode =
  | ErrorCode
  | 'bad_message'
  | 'not_a_partner'
  | 'companion_unreachable'
  | 'companion_timeout'
  | 'companion_bad_reply';

export interface Failure extends BackgroundFailure {
  code: ExtensionFailureCode;
}

export function failure(code: ExtensionFailureCode, message: string): Failure {
  return { ok: false, code, message: message.slice(0, 500) };
}

/** Storage trouble or a bug inside the extension: still a reply, so the page's own login keeps working. */
export function internalFailure(error: unknown): Failure {
  return failure('internal', error instanceof Error ? error.message : 'unexpected failure');
}

export function failureCodeFrom(value: string): ExtensionFailureCode {
  return isErrorCode(value) ? value : 'companion_bad_reply';
}

export type Result<T> = { ok: true; value: T } | Failure;
