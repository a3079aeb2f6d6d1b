import { appendLead, dismissAction, type OverlayActions, type OverlayState } from './overlayState.ts';

/**
 * The in-page overlay (CONTRACT.md "Overlay"): test ids are product surface. Plain buttons,
 * so it's keyboard-usable; dismiss with × or Escape (handled by the host).
 */
export function Overlay({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
  const dismiss = dismissAction(state, actions);
  return (
    <section class="pkc-panel" role="dialog" aria-label="Passkey Companion" aria-live="polite">
      <header class="pkc-header">
        <span class="pkc-title">Passkey Companion</span>
        <button type="button" class="pkc-close" aria-label="Close" title="Close (Esc)" onClick={dismiss}>
          ×
        </button>
      </header>
      <Body state={state} actions={actions} />
    </section>
  );
}

function Body({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
  switch (state.view) {
    case 'login-progress':
      return (
        <>
          <p class="pkc-text">
            <Spinner />
            {state.crossDevice ? `Sign in to ${state.site} with the passkey on your phone…` : `Sign in to ${state.site} with your passkey…`}
          </p>
          <div class="pkc-actions">
            <button type="button" class="pkc-secondary" data-testid="pkc-use-password" onClick={actions.usePassword}>
              Use password instead
            </button>
          </div>
        </>
      );
    case 'login-hybrid-offer':
      return (
        <>
          <p class="pkc-text">Your passkey for {state.site} is on your phone. Scan a QR code with it to sign in.</p>
          <div class="pkc-actions">
            <button type="button" class="pkc-primary" data-testid="pkc-login-hybrid" onClick={actions.hybrid}>
              Use a passkey from your phone
            </button>
            <button type="button" class="pkc-secondary" data-testid="pkc-use-password" onClick={actions.usePassword}>
              Use password
            </button>
          </div>
        </>
      );
    case 'login-error':
      return (
        <>
          <p class="pkc-text pkc-error" role="alert" data-testid="pkc-login-error">
            {state.message}
          </p>
          <div class="pkc-actions">
            <button type="button" class="pkc-primary" data-testid="pkc-login-passkey" onClick={actions.passkey}>
              Try passkey again
            </button>
            <button type="button" class="pkc-secondary" data-testid="pkc-use-password" onClick={actions.usePassword}>
              Use password
            </button>
          </div>
        </>
      );
    case 'login-redirect':
      return (
        <p class="pkc-text">
          <Spinner />
          Signing you in to {state.site}…
        </p>
      );
    case 'append-offer':
      return (
        <>
          <p class="pkc-text">{appendLead(state.variant, state.site)}</p>
          <p class="pkc-text pkc-strong">
            Create a passkey for {state.username} on {state.site}? Next time you sign in with your fingerprint, face or screen lock.
          </p>
          <div class="pkc-actions">
            <button type="button" class="pkc-primary" data-testid="pkc-append-create" onClick={actions.createPasskey}>
              Create passkey
            </button>
            <button type="button" class="pkc-secondary" data-testid="pkc-append-skip" onClick={actions.skipAppend}>
              Not now
            </button>
            <button type="button" class="pkc-link" data-testid="pkc-append-never" onClick={actions.neverOnThisDevice}>
              Not on this device
            </button>
          </div>
        </>
      );
    case 'append-progress':
      return (
        <p class="pkc-text">
          <Spinner />
          Creating a passkey for {state.username} on {state.site}…
        </p>
      );
    case 'append-done':
      return (
        <>
          <p class="pkc-text pkc-success" data-testid="pkc-append-done">
            Passkey created. Next time, sign in to {state.site} with your fingerprint, face or screen lock.
          </p>
          <div class="pkc-actions">
            <button type="button" class="pkc-secondary" onClick={actions.close}>
              Done
            </button>
          </div>
        </>
      );
    case 'append-error':
      return (
        <>
          <p class="pkc-text pkc-error" role="alert">
            {state.message}
          </p>
          <div class="pkc-actions">
            <button type="button" class="pkc-secondary" onClick={actions.close}>
              Close
            </button>
          </div>
        </>
      );
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function Spinner() {
  return <span class="pkc-spinner" aria-hidden="true" />;
}
