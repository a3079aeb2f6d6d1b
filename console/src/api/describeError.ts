import { PasskeyError } from '../webauthn/PasskeyError.ts';
import { ConsoleApiError } from './ConsoleApiError.ts';

/**
 * What the person reads when something failed: a sentence, never a stack trace. The server's
 * message is kept where it says what to fix; a few codes get words that say what to do next.
 */
export function describeError(error: unknown): string {
  if (error instanceof PasskeyError) return error.message;
  if (error instanceof ConsoleApiError) {
    switch (error.code) {
      case 'console_session_required':
        return 'Your session has ended. Sign in again.';
      case 'csrf_failed':
        return 'This page is out of date (the session changed, perhaps in another tab). Reload the page and try again.';
      case 'rate_limited':
        return 'Too many attempts in a short time. Wait a minute and try again.';
      case 'self_service_off':
        return "This server's operator doesn't allow registering sites or accounts here. Ask the operator for an enrolment link.";
      default:
        return error.message;
    }
  }
  return 'Something went wrong on this page. Reload it and try again.';
}
