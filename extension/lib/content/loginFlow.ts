import type { LoginStartReply } from '@pkc/shared';
import { passkeyErrorMessage, VERIFY_FAILED_MESSAGE } from './failureCopy.ts';
import { NO_ACTIONS, type FlowDeps } from './flowDeps.ts';

type Ceremony = Extract<LoginStartReply, { ceremony: unknown }>['ceremony'];

/**
 * The login flow (ARCHITECTURE §4 F2/F3/F4): identifier entered → ask the server → on
 * `passkey` start the passkey login at once, on `hybrid` offer the phone and wait for the
 * click, on `password` stay out of the way. Any failure ends quietly or as an error view with
 * retry and "use password"; the site's own form keeps working throughout.
 */
export function createLoginFlow(deps: FlowDeps) {
  let busy = false;
  let lastAsked: string | undefined;

  const dismiss = () => deps.overlay.hide();

  async function start(username: string): Promise<void> {
    busy = true;
    try {
      const signals = await deps.signals();
      const reply = await deps.ask({ type: 'login-start', username, client: signals });
      if (!reply.ok) return dismiss();
      const decision = reply.value;
      switch (decision.decision) {
        case 'password':
          return dismiss();
        case 'passkey':
          return await runCeremony(username, decision.ceremony, false);
        case 'hybrid':
          deps.overlay.show(
            { view: 'login-hybrid-offer', site: deps.site },
            { ...NO_ACTIONS, hybrid: () => void guarded(() => runCeremony(username, decision.ceremony, true)), usePassword: dismiss },
          );
          return;
        default: {
          const unreachable: never = decision;
          return unreachable;
        }
      }
    } finally {
      busy = false;
    }
  }

  async function runCeremony(username: string, ceremony: Ceremony, crossDevice: boolean): Promise<void> {
    const cancel = new AbortController();
    deps.overlay.show(
      { view: 'login-progress', site: deps.site, crossDevice },
      {
        ...NO_ACTIONS,
        usePassword: () => {
          cancel.abort();
          dismiss();
        },
      },
    );
    const result = await deps.bridge.get(ceremony.options, cancel.signal);
    if (!result.ok) {
      // Reported so the server can count failures on this device (F4 auto-heal); this also
      // consumes the ceremony, so a retry starts a new one.
      await deps.ask({ type: 'login-failure', ceremonyId: ceremony.ceremonyId, errorName: result.errorName });
      if (cancel.signal.aborted) return;
      return showError(username, passkeyErrorMessage(result.errorName));
    }
    const finish = await deps.ask({ type: 'login-finish', ceremonyId: ceremony.ceremonyId, response: result.value });
    if (cancel.signal.aborted) return;
    if (!finish.ok) return showError(username, VERIFY_FAILED_MESSAGE);
    deps.overlay.show({ view: 'login-redirect', site: deps.site }, NO_ACTIONS);
    deps.navigateWithToken(finish.value.callbackUrl, finish.value.token);
  }

  function showError(username: string, message: string): void {
    deps.overlay.show(
      { view: 'login-error', site: deps.site, message },
      { ...NO_ACTIONS, passkey: () => void guarded(() => start(username)), usePassword: dismiss },
    );
  }

  async function guarded(run: () => Promise<void>): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      await run();
    } catch {
      dismiss();
    } finally {
      busy = false;
    }
  }

  return {
    /** The identifier counts as entered (see identifierWatcher.ts). */
    identifierEntered(username: string): Promise<void> {
      // One decision per username: leaving the field again with the same name doesn't re-ask.
      if (busy || username === lastAsked) return Promise.resolve();
      lastAsked = username;
      return start(username).catch(() => dismiss());
    },
  };
}
