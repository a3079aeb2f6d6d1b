/**
 * Sentences for the user from a WebAuthn DOMException name (seed 003 step 3: the common causes
 * are a passkey deleted on this device, another cloud account, a logged-out password manager).
 * Login and append differ: NotAllowedError on get() usually means "no usable passkey here",
 * on create() "cancelled"; InvalidStateError only happens on create().
 */
export function loginErrorMessage(errorName: string): string {
  switch (errorName) {
    case 'NotAllowedError':
      return 'The passkey wasn’t used — it may have been deleted from this device, or the prompt was cancelled.';
    case 'AbortError':
      return 'The passkey sign-in was cancelled.';
    case 'TimeoutError':
      return 'The passkey sign-in took too long. Try again, or use your password.';
    case 'SecurityError':
      return 'This page isn’t allowed to use the passkey for this site.';
    case 'NotSupportedError':
      return 'This browser can’t use this kind of passkey.';
    case 'InvalidResponse':
      return 'The browser gave an answer that couldn’t be used. Try again, or use your password.';
    default:
      return 'Something went wrong with the passkey. Try again, or use your password.';
  }
}

export function appendErrorMessage(errorName: string): string {
  switch (errorName) {
    case 'NotAllowedError':
    case 'AbortError':
      return 'No passkey was created — the prompt was cancelled or timed out. You can keep signing in with your password.';
    case 'InvalidStateError':
      return 'This device already has a passkey for this account.';
    case 'TimeoutError':
      return 'Creating the passkey took too long. You can keep signing in with your password.';
    case 'SecurityError':
      return 'This page isn’t allowed to create a passkey for this site.';
    case 'NotSupportedError':
      return 'This device can’t create a passkey here.';
    default:
      return 'Something went wrong creating the passkey. You can keep signing in with your password.';
  }
}

/** The passkey worked, but the site's sign-in address can't be used (a site misconfiguration). */
export const CALLBACK_UNUSABLE_MESSAGE =
  'Your passkey worked, but this site’s sign-in address can’t be reached from here. Use your password this time.';
export const VERIFY_FAILED_MESSAGE = 'Your passkey couldn’t be verified. Try again, or use your password.';
export const SAVE_FAILED_MESSAGE = 'The passkey couldn’t be saved. You can keep signing in with your password.';
