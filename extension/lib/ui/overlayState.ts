import type { AppendVariant } from '@pkc/shared';

/** Everything the in-page overlay can show; one view at a time. `site` is the name users know. */
export type OverlayState =
  /** A passkey ceremony runs: waiting for the user at the browser's prompt, then for the server. */
  | { view: 'login-progress'; site: string; crossDevice: boolean; step: 'waiting-for-passkey' | 'verifying' }
  /** F3 / seed 002 step 2: the passkey is on a phone; `explanation` says why (the server's sentence). */
  | { view: 'login-hybrid-offer'; site: string; explanation: string }
  /** `retry`: whether trying the passkey again can help (not when the site's callback is unusable). */
  | { view: 'login-error'; site: string; message: string; retry: boolean }
  | { view: 'login-redirect'; site: string }
  | { view: 'append-offer'; site: string; username: string; variant: AppendVariant }
  | { view: 'append-progress'; site: string; username: string; step: 'waiting-for-passkey' | 'saving' }
  | { view: 'append-done'; site: string }
  | { view: 'append-error'; site: string; message: string };

export interface OverlayActions {
  /** Start or retry a passkey login on this device. */
  passkey(): void;
  /** Start a cross-device login (phone, QR code). */
  hybrid(): void;
  /** Dismiss and continue with the site's own password form. */
  usePassword(): void;
  createPasskey(): void;
  skipAppend(): void;
  neverOnThisDevice(): void;
  /** Close a finished or failed view. */
  close(): void;
}

/** Seed 002 step 3: what the user has to do on the browser's QR screen. */
export const HYBRID_INSTRUCTION =
  'Choose “Use a phone”: this computer shows a QR code for your phone to scan. Both need Bluetooth on, and the phone must be nearby.';

/** The hybrid explanation when the server sent no sentence of its own. */
export function defaultHybridExplanation(site: string): string {
  return `Your passkey for ${site} is on your phone.`;
}

/** The lead line of the append offer, by why the server offers it (ARCHITECTURE §5, seeds 000/001/003/004). */
export function appendLead(variant: AppendVariant, site: string): string {
  switch (variant) {
    case 'first-passkey':
      return `Sign in to ${site} faster next time: create a passkey and use your fingerprint, face or screen lock.`;
    case 'after-hybrid':
      return 'Sign in faster next time on this computer: create a passkey here.';
    case 'heal':
      return `Your passkey for ${site} didn’t work on this device. Create a new one to sign in with your fingerprint, face or screen lock.`;
    case 'second-device':
      return 'Your other passkeys are on other devices. Add one for this device too.';
    default: {
      const unreachable: never = variant;
      return unreachable;
    }
  }
}

/** What × and Escape mean in each view: during login "use password", on an offer "not now". */
export function dismissAction(state: OverlayState, actions: OverlayActions): () => void {
  if (state.view.startsWith('login')) return actions.usePassword;
  return state.view === 'append-offer' ? actions.skipAppend : actions.close;
}
