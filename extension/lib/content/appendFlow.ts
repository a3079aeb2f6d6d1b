import type { AppendStartReply } from '@pkc/shared';
import { passkeyErrorMessage } from './failureCopy.ts';
import { NO_ACTIONS, type FlowDeps } from './flowDeps.ts';

type Offer = Extract<AppendStartReply, { decision: 'offer' }>;

/**
 * The append flow (ARCHITECTURE §4 F1/F3/F4/F5): a grant on the page → ask the server → on
 * `offer` show the popup; create → WebAuthn create → finish → done; skip / not on this device
 * → recorded by the server (F6 back-off). Errors end quietly in an error view.
 */
export function createAppendFlow(deps: FlowDeps) {
  const hide = () => deps.overlay.hide();

  async function grantFound(grant: string): Promise<void> {
    const signals = await deps.signals();
    const reply = await deps.ask({ type: 'append-start', grant, client: signals });
    if (!reply.ok || reply.value.decision === 'skip') return;
    showOffer(reply.value);
  }

  function showOffer(offer: Offer): void {
    let answered = false;
    const once = (run: () => Promise<void>) => () => {
      if (answered) return;
      answered = true;
      run().catch(() => hide());
    };
    const decline = (choice: 'skip' | 'never') =>
      once(async () => {
        hide();
        await deps.ask({ type: 'append-decline', ceremonyId: offer.ceremony.ceremonyId, choice });
      });
    deps.overlay.show(
      { view: 'append-offer', site: deps.site, username: offer.username, variant: offer.variant },
      {
        ...NO_ACTIONS,
        createPasskey: once(() => create(offer)),
        skipAppend: decline('skip'),
        neverOnThisDevice: decline('never'),
      },
    );
  }

  async function create(offer: Offer): Promise<void> {
    const closeable = { ...NO_ACTIONS, close: hide };
    deps.overlay.show({ view: 'append-progress', site: deps.site, username: offer.username }, closeable);
    const result = await deps.bridge.create(offer.ceremony.options);
    if (!result.ok) {
      deps.overlay.show({ view: 'append-error', site: deps.site, message: passkeyErrorMessage(result.errorName) }, closeable);
      return;
    }
    const finish = await deps.ask({ type: 'append-finish', ceremonyId: offer.ceremony.ceremonyId, response: result.value });
    deps.overlay.show(
      finish.ok
        ? { view: 'append-done', site: deps.site }
        : { view: 'append-error', site: deps.site, message: 'The passkey couldn’t be saved. You can keep signing in with your password.' },
      closeable,
    );
  }

  return {
    grantFound(grant: string): Promise<void> {
      return grantFound(grant).catch(() => hide());
    },
  };
}
