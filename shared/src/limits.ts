/**
 * Size bounds the schemas enforce, as plain numbers (no zod) so the content script can check
 * the same bounds without loading a schema library into every partner page.
 */

/** A DOMException name reported after a failed passkey login (`login-failure`). */
export const MAX_ERROR_NAME_LENGTH = 64;
/** An error message in a background failure reply. */
export const MAX_ERROR_MESSAGE_LENGTH = 500;
/** A WebAuthn client capability name (getClientCapabilities()). */
export const MAX_CAPABILITY_NAME_LENGTH = 64;
/** How many client capabilities one attempt may report. */
export const MAX_CAPABILITIES = 32;
