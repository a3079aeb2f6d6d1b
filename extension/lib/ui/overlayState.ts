import type { AppendVariant } from '@pkc/shared';

/** Everything the in-page overlay can show; one view at a time. */
export type OverlayState =
  | { view: 'login-progress'; site: string; crossDevice: boolean }
  | { view: 'login-hybrid-offer'; site: string }
  | { view: 'login-error'; site: string; message: string }
  | { view: 'login-redirect'; site: string }
  | { view: 'append-offer'; site: string; username: string; variant: AppendVariant }
  | { view: 'append-progress'; site: string; username: string }
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

/** The lead line of the append offer, by why the server offers it (ARCHITECTURE §5). */
export function appendLead(variant: AppendVariant, site: string): string {
  switch (variant) {
    case 'first-passkey':
      return `Sign in to ${site} faster next time.`;
    case 'after-hybrid':
      return 'You signed in with your phone. Keep a passkey on this device too?';
    case 'heal':
      return 'Your passkey for this site didn’t work on this device. Set up a fresh one?';
    case 'second-device':
      return 'Your passkeys for this site are on another device.';
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
