import { useEffect, useRef } from 'preact/hooks';
import { appendLead, dismissAction, HYBRID_INSTRUCTION, type OverlayActions, type OverlayState } from './overlayState.ts';
import { focusedElement, shouldTakeFocus } from './overlayFocus.ts';

/**
 * The in-page overlay (CONTRACT.md "Overlay"): test ids are product surface. Plain buttons, so
 * it's keyboard-usable; the first action button takes focus when a view appears (unless the
 * user is typing in the page's own fields); × or Escape (handled by the host) dismisses.
 */
export function Overlay({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
  const dismiss = dismissAction(state, actions);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    const root = panel.current;
    if (root === null) return;
    const target = root.querySelector<HTMLElement>('.pkc-actions button') ?? root.querySelector<HTMLElement>('.pkc-close');
    if (target !== null && shouldTakeFocus(focusedElement(root.ownerDocument))) target.focus({ preventScroll: true });
  }, [state.view]);
  return (
    <section ref={panel} class="pkc-panel" role="dialog" aria-label="Passkey Companion" aria-live="polite" data-view={state.view}>
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
          <p class="pkc-text" role="status" data-testid="pkc-progress">
            <Spinner />
            {loginProgressText(state)}
          </p>
          <div class="pkc-actions">
            <UsePasswordButton onClick={actions.usePassword} label="Use password instead" />
          </div>
        </>
      );
    case 'login-hybrid-offer':
      return (
        <>
          <p class="pkc-text">{state.explanation}</p>
          <p class="pkc-text">{HYBRID_INSTRUCTION}</p>
          <div class="pkc-actions">
            <button type="button" class="pkc-primary" data-testid="pkc-login-hybrid" onClick={actions.hybrid}>
              Use a phone
            </button>
            <UsePasswordButton onClick={actions.usePassword} label="Use password" />
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
            {state.retry && (
              <button type="button" class="pkc-primary" data-testid="pkc-login-passkey" onClick={actions.passkey}>
                Try passkey again
              </button>
            )}
            <UsePasswordButton onClick={actions.usePassword} label="Use password" />
          </div>
        </>
      );
    case 'login-redirect':
      return (
        <p class="pkc-text" role="status" data-testid="pkc-progress">
          <Spinner />
          Signing you in to {state.site}…
        </p>
      );
    case 'append-offer':
      return (
        <>
          <p class="pkc-text" data-testid="pkc-append-lead">
            {appendLead(state.variant, state.site)}
          </p>
          <p class="pkc-text pkc-strong">
            Create a passkey for {state.username} on {state.site}?
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
        <p class="pkc-text" role="status" data-testid="pkc-progress">
          <Spinner />
          {state.step === 'saving'
            ? `Saving the passkey for ${state.username}…`
            : `Creating a passkey for ${state.username} on ${state.site}: follow your browser’s prompt…`}
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
          <p class="pkc-text pkc-error" role="alert" data-testid="pkc-append-error">
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

function loginProgressText(state: Extract<OverlayState, { view: 'login-progress' }>): string {
  if (state.step === 'verifying') return `Checking your passkey with ${state.site}…`;
  return state.crossDevice
    ? `Waiting for your phone: scan the QR code and confirm on the phone to sign in to ${state.site}…`
    : `Waiting for your passkey: confirm with your fingerprint, face or screen lock to sign in to ${state.site}…`;
}

/** "Continue with the site's own password form": in every login view, same test id (CONTRACT.md). */
function UsePasswordButton({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <button type="button" class="pkc-secondary" data-testid="pkc-use-password" onClick={onClick}>
      {label}
    </button>
  );
}

function Spinner() {
  return <span class="pkc-spinner" aria-hidden="true" />;
}
