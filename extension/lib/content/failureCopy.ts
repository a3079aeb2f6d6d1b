/** A sentence for the user from a WebAuthn DOMException name or a failure code. */
export function passkeyErrorMessage(errorName: string): string {
  switch (errorName) {
    case 'NotAllowedError':
      return 'The passkey sign-in was cancelled, or no passkey for this account was found on this device.';
    case 'TimeoutError':
      return 'The passkey sign-in took too long.';
    case 'SecurityError':
      return 'This page isn’t allowed to use that passkey.';
    case 'InvalidStateError':
      return 'This device already has a passkey for this account.';
    case 'AbortError':
      return 'The passkey request was cancelled.';
    default:
      return 'Something went wrong with the passkey.';
  }
}

export const VERIFY_FAILED_MESSAGE = 'Your passkey couldn’t be verified. Try again, or use your password.';
