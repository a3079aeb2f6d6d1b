/** Why a passkey prompt gave no credential, as far as the page can tell from the DOMException's name. */
export type PasskeyErrorCode = 'cancelled' | 'already-registered' | 'insecure-context' | 'unsupported' | 'failed';

export class PasskeyError extends Error {
  override readonly name = 'PasskeyError';
  readonly code: PasskeyErrorCode;

  constructor(code: PasskeyErrorCode, message: string, cause?: unknown) {
    super(message, { cause });
    this.code = code;
  }
}

/**
 * WebAuthn L3 §5.1.3/§5.1.4 name the exceptions create() and get() throw. NotAllowedError covers
 * a closed prompt, a timeout and (for get) no passkey for the console on this device alike: the
 * browser hides which, on purpose, so the message can't say more.
 */
export function passkeyErrorFrom(error: unknown, ceremony: 'create' | 'get'): PasskeyError {
  if (error instanceof PasskeyError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'AbortError':
      return new PasskeyError(
        'cancelled',
        ceremony === 'get'
          ? 'Sign-in was cancelled, timed out, or this device has no passkey for the console. Nothing changed; try again when ready.'
          : 'The passkey prompt was closed or timed out. Nothing changed; try again when ready.',
        error,
      );
    case 'InvalidStateError':
      return new PasskeyError(
        'already-registered',
        'This authenticator already holds a passkey for this console account. Sign in with it instead.',
        error,
      );
    case 'SecurityError':
      return new PasskeyError(
        'insecure-context',
        "This page's address can't use passkeys: the console must be served over HTTPS (or from localhost).",
        error,
      );
    case 'NotSupportedError':
      return new PasskeyError('unsupported', "This browser or authenticator can't make the kind of passkey the console needs.", error);
    default:
      return new PasskeyError(
        'failed',
        `The passkey prompt failed${name === '' ? '' : ` (${name})`}. Try again, or use another browser.`,
        error,
      );
  }
}
