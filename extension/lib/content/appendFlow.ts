import type { AppendStartReply } from '@pkc/shared';
import { appendErrorMessage, SAVE_FAILED_MESSAGE } from './failureCopy.ts';
import { NO_ACTIONS, siteLabel, type FlowDeps } from './flowDeps.ts';

type Offer = Extract<AppendStartReply, { decision: 'offer' }>;

/** How long the browser may take to decide on an automatic upgrade before the popup offers instead. */
export const CONDITIONAL_CREATE_WINDOW_MS = 1_000;

/**
 * The append flow (ARCHITECTURE §4 F1/F3/F4/F5): a grant on the page → ask the server → on
 * `offer` show the popup, worded by the server's variant (first-passkey, after-hybrid, heal,
 * second-device); create → WebAuthn create → finish → done; skip / not on this device →
 * recorded by the server (F6 back-off). Errors end quietly in an error view.
 */
export function createAppendFlow(deps: FlowDeps) {
  const hide = () => deps.overlay.hide();

  async function grantFound(grant: string): Promise<void> {
    const signals = await deps.signals();
    const reply = await deps.ask({ type: 'append-start', grant, client: signals });
    if (!reply.ok || reply.value.decision === 'skip') return;
    // The browser's own upgrade first, where it can: no popup at all when it makes the passkey.
    if (signals.capabilities['conditionalCreate'] === true && (await upgradedAutomatically(reply.value))) return;
    showOffer(reply.value);
  }

  /**
   * Create with mediation 'conditional' right after the password login: the browser makes the
   * passkey itself when its password manager just filled this account, and otherwise declines
   * without a word (or waits: given CONDITIONAL_CREATE_WINDOW_MS). The same ceremony then serves
   * the popup's offer. Automatic creation asks for no user verification (the browser does none).
   */
  async function upgradedAutomatically(offer: Offer): Promise<boolean> {
    const { options } = offer.ceremony;
    const automatic = { ...options, authenticatorSelection: { ...options.authenticatorSelection, userVerification: 'preferred' as const } };
    const created = await deps.bridge.createConditionally(automatic, CONDITIONAL_CREATE_WINDOW_MS);
    if (!created.ok) return false;
    const finish = await deps.ask({
      type: 'append-finish',
      ceremonyId: offer.ceremony.ceremonyId,
      response: created.value,
      mediation: 'conditional',
    });
    if (!finish.ok) return false;
    deps.overlay.show({ view: 'append-done', site: siteLabel(deps, offer) }, { ...NO_ACTIONS, close: hide });
    return true;
  }

  function showOffer(offer: Offer): void {
    const site = siteLabel(deps, offer);
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
      { view: 'append-offer', site, username: offer.username, variant: offer.variant },
      {
        ...NO_ACTIONS,
        createPasskey: once(() => create(offer, site)),
        skipAppend: decline('skip'),
        neverOnThisDevice: decline('never'),
      },
    );
  }

  async function create(offer: Offer, site: string): Promise<void> {
    // The × ends the flow for good: the browser's prompt is cancelled, and nothing that
    // resolves afterwards brings the card back.
    const closed = new AbortController();
    const closeable = {
      ...NO_ACTIONS,
      close: () => {
        closed.abort();
        hide();
      },
    };
    const show = (...view: Parameters<FlowDeps['overlay']['show']>) => {
      if (!closed.signal.aborted) deps.overlay.show(...view);
    };
    show({ view: 'append-progress', site, username: offer.username, step: 'waiting-for-passkey' }, closeable);
    const result = await deps.bridge.create(offer.ceremony.options, closed.signal);
    if (!result.ok) {
      show({ view: 'append-error', site, message: appendErrorMessage(result.errorName) }, closeable);
      return;
    }
    show({ view: 'append-progress', site, username: offer.username, step: 'saving' }, closeable);
    // Once created, the passkey is saved even if the card was closed meanwhile: it exists on the device.
    const finish = await deps.ask({ type: 'append-finish', ceremonyId: offer.ceremony.ceremonyId, response: result.value });
    show(finish.ok ? { view: 'append-done', site } : { view: 'append-error', site, message: SAVE_FAILED_MESSAGE }, closeable);
  }

  return {
    grantFound(grant: string): Promise<void> {
      return grantFound(grant).catch(() => hide());
    },
  };
}
