import type { LoginStartReply } from '@pkc/shared';
import { defaultHybridExplanation, type OverlayActions, type OverlayState } from '../ui/overlayState.ts';
import { CALLBACK_UNUSABLE_MESSAGE, loginErrorMessage, VERIFY_FAILED_MESSAGE } from './failureCopy.ts';
import { NO_ACTIONS, siteLabel, type FlowDeps } from './flowDeps.ts';
import type { UncheckedCredential } from '../bridge/bridgeReplies.ts';
import { signalAcceptedCredentials, signalUnknownCredential } from './providerSignals.ts';

type CeremonyReply = Extract<LoginStartReply, { ceremony: unknown }>;

/**
 * The identifier field also offers passkeys in the browser's autofill: the `webauthn` token
 * added to its autocomplete (HTML's autofill detail tokens), after what the page already asks for.
 */
function withWebauthnAutocomplete(field: HTMLInputElement): void {
  const tokens = (field.getAttribute('autocomplete') ?? '')
    .split(/\s+/)
    .filter((token) => token !== '' && token !== 'off' && token !== 'on');
  if (tokens.includes('webauthn')) return;
  field.setAttribute('autocomplete', [...(tokens.length > 0 ? tokens : ['username']), 'webauthn'].join(' '));
}

/** The browser allows two immediate requests per page in five seconds; past that, no check. */
const IMMEDIATE_CHECKS = { perWindow: 2, windowMs: 5_000 };

function createImmediateBudget(now: () => number) {
  const taken: number[] = [];
  return {
    take(): boolean {
      const at = now();
      while (taken.length > 0 && at - (taken[0] as number) >= IMMEDIATE_CHECKS.windowMs) taken.shift();
      if (taken.length >= IMMEDIATE_CHECKS.perWindow) return false;
      taken.push(at);
      return true;
    },
  };
}

/** How long after posting the login token the page is taken to be leaving. */
const STILL_HERE_AFTER_MS = 10_000;

/**
 * The login flow (ARCHITECTURE §4 F2/F3/F4): identifier entered → ask the server → on
 * `passkey` start the passkey login at once, on `hybrid` explain the phone + QR step and wait
 * for the click (seed 002), on `password` stay out of the way. Any failure ends quietly or as
 * an error view with retry and "use password" (seed 003); the site's own form keeps working.
 */
export function createLoginFlow(deps: FlowDeps, now: () => number = Date.now) {
  const immediateChecks = createImmediateBudget(now);
  let busy = false;
  let lastAsked: string | undefined;
  // A username entered while another was being decided (the person corrected a typo): asked
  // about next, and the older decision is not acted on.
  let waiting: { username: string; movedOn: () => boolean } | undefined;
  // The login token is on its way to the site: the page is leaving, nothing more is asked.
  let leaving = false;
  // A login card on screen (error, hybrid offer, the passkey spinner), and how it steps aside
  // when the person turns to the password (issue 17).
  let card: { state: OverlayState; stepAside: () => void } | undefined;
  // Where the person was heading with the identifier entered last: the password field.
  let headingTo: () => HTMLElement | undefined = () => undefined;

  const dismiss = () => {
    card = undefined;
    deps.overlay.hide();
  };
  /** "Use password" clicked: the card goes, and the focus goes where the person was heading. */
  const usePassword = () => {
    dismiss();
    headingTo()?.focus();
  };
  /** Shows a login card; `stepAside` also ends what it waits for (a ceremony in flight). */
  const showCard = (state: OverlayState, actions: OverlayActions, stepAside: () => void = dismiss) => {
    card = { state, stepAside };
    deps.overlay.show(state, actions);
  };

  async function start(username: string, movedOn: () => boolean, immediateTried = false): Promise<void> {
    // Another ceremony starts (or the password goes on): autofill's request ends first, as the
    // browser runs one WebAuthn request at a time.
    stopAutofill();
    busy = true;
    try {
      const signals = await deps.signals();
      const pageNonce = deps.pageNonce();
      const reply = await deps.ask({ type: 'login-start', username, client: signals, ...(pageNonce === undefined ? {} : { pageNonce }) });
      if (!reply.ok) return dismiss();
      const decision = reply.value;
      // The person went on with the password, or entered another name, while the companion
      // decided: no prompt over the site's own login.
      if (decision.decision === 'password' || movedOn() || (waiting !== undefined && waiting.username !== username)) return dismiss();
      switch (decision.decision) {
        case 'passkey':
          if (decision.mediation === 'immediate') {
            // Asked once per name entry: after "none here" the engine knows, and won't ask for a check again.
            if (immediateTried || !immediateChecks.take()) return dismiss();
            return await runImmediateCheck(username, decision, movedOn);
          }
          return await runCeremony(username, decision, false);
        case 'hybrid': {
          // Seed 002 step 2: the options go to get() exactly as sent (transports/hints 'hybrid').
          const site = siteLabel(deps, decision);
          const explanation = decision.reason.message.trim() === '' ? defaultHybridExplanation(site) : decision.reason.message;
          showCard(
            { view: 'login-hybrid-offer', site, explanation },
            { ...NO_ACTIONS, hybrid: () => void guarded(() => runCeremony(username, decision, true)), usePassword },
          );
          return;
        }
        default: {
          const unreachable: never = decision;
          return unreachable;
        }
      }
    } finally {
      busy = false;
    }
  }

  async function askAbout(username: string, movedOn: () => boolean): Promise<void> {
    lastAsked = username;
    await start(username, movedOn).catch(() => dismiss());
    await askAboutWaiting();
  }

  /** After anything that kept the flow busy: the name entered meanwhile, if it is a new one. */
  async function askAboutWaiting(): Promise<void> {
    const next = waiting;
    waiting = undefined;
    if (next !== undefined && next.username !== lastAsked && !busy && !leaving) await askAbout(next.username, next.movedOn);
  }

  /** A ceremony's cancel switch, and the card actions that pull it. */
  function ceremonyControls() {
    const cancel = new AbortController();
    const stopCeremony = () => {
      cancel.abort();
      dismiss();
    };
    const progressActions = {
      ...NO_ACTIONS,
      usePassword: () => {
        stopCeremony();
        headingTo()?.focus();
      },
    };
    return { cancel, stopCeremony, progressActions };
  }

  async function runCeremony(username: string, reply: CeremonyReply, crossDevice: boolean): Promise<void> {
    const { ceremony } = reply;
    const site = siteLabel(deps, reply);
    const controls = ceremonyControls();
    showCard({ view: 'login-progress', site, crossDevice, step: 'waiting-for-passkey' }, controls.progressActions, controls.stopCeremony);
    const result = await deps.bridge.get(ceremony.options, controls.cancel.signal);
    if (!result.ok) {
      // Reported so the server can count failures on this device (F4 auto-heal); this also
      // consumes the ceremony, so a retry starts a new one.
      await deps.ask({ type: 'login-failure', ceremonyId: ceremony.ceremonyId, errorName: result.errorName });
      if (!controls.cancel.signal.aborted) showError(username, site, loginErrorMessage(result.errorName));
      return;
    }
    if (controls.cancel.signal.aborted) return;
    await completeLogin(username, reply, crossDevice, result.value, controls);
  }

  /**
   * Unsure whether a passkey is here (issue 14): the browser is asked at once, with no UI
   * (`uiMode: 'immediate'`). A passkey here signs the person in with no step; "none here"
   * (NotAllowedError) shows nothing, is reported as its own outcome, and the companion is asked
   * again — it now knows, and says hybrid or password. The password form stays as it was.
   */
  async function runImmediateCheck(username: string, reply: CeremonyReply, movedOn: () => boolean): Promise<void> {
    const { ceremony } = reply;
    const controls = ceremonyControls();
    const result = await deps.bridge.getImmediately(ceremony.options, controls.cancel.signal);
    if (result.ok) {
      if (movedOn()) {
        await deps.ask({ type: 'login-failure', ceremonyId: ceremony.ceremonyId, errorName: 'AbortError' });
        return dismiss();
      }
      return completeLogin(username, reply, false, result.value, controls);
    }
    await deps.ask({ type: 'login-failure', ceremonyId: ceremony.ceremonyId, errorName: result.errorName });
    if (result.errorName === 'NotAllowedError' && !movedOn()) return start(username, movedOn, true);
    dismiss();
  }

  async function completeLogin(
    username: string,
    reply: CeremonyReply,
    crossDevice: boolean,
    credential: UncheckedCredential,
    { cancel, stopCeremony, progressActions }: ReturnType<typeof ceremonyControls>,
  ): Promise<void> {
    const { ceremony } = reply;
    const site = siteLabel(deps, reply);
    const rpId = ceremony.options.rpId;
    showCard({ view: 'login-progress', site, crossDevice, step: 'verifying' }, progressActions, stopCeremony);
    const finish = await deps.ask({ type: 'login-finish', ceremonyId: ceremony.ceremonyId, response: credential });
    if (cancel.signal.aborted) return;
    if (!finish.ok) {
      if (finish.code === 'credential_unknown') await signalUnknownCredential(deps, rpId, credential.id);
      return showError(username, site, VERIFY_FAILED_MESSAGE);
    }
    // × stays live: should the navigation never happen (a page's CSP refusing the form post,
    // say), the person closes the overlay and uses the password. The token is on its way: this
    // card doesn't step aside by itself.
    card = undefined;
    deps.overlay.show({ view: 'login-redirect', site }, { ...NO_ACTIONS, usePassword });
    // Seed 003: after a heal the provider may still hold passkeys the server no longer has; now
    // that the user is verified, tell it which ones count. Before navigating away: the page
    // (and the bridge) are gone afterwards. Bounded by the bridge.
    await signalAcceptedCredentials(deps, rpId, finish.value.signal);
    leaving = deps.navigateWithToken(finish.value.callbackUrl, finish.value.token);
    if (leaving) {
      // Still here long after: the navigation didn't happen (a CSP refusing the form post, a
      // callback answering 204, a page restored from the back/forward cache). Listen again.
      setTimeout(() => (leaving = false), STILL_HERE_AFTER_MS);
    } else {
      showCard({ view: 'login-error', site, message: CALLBACK_UNUSABLE_MESSAGE, retry: false }, { ...NO_ACTIONS, usePassword });
    }
  }

  // Passkey autofill (conditional UI, issue 14): the site's passkeys among the identifier field's
  // suggestions, from the moment a login form is found until another ceremony starts, a password
  // is typed, or the page leaves. Choosing one signs in like a passkey login.
  let autofill: AbortController | undefined;
  const autofillFields = new WeakSet<HTMLInputElement>();

  function stopAutofill(): void {
    autofill?.abort();
    autofill = undefined;
  }

  async function offerAutofill(field: HTMLInputElement): Promise<void> {
    if (autofill !== undefined || busy || leaving) return;
    const controller = new AbortController();
    autofill = controller;
    try {
      const signals = await deps.signals();
      if (signals.capabilities['conditionalGet'] !== true || controller.signal.aborted) return;
      withWebauthnAutocomplete(field);
      const pageNonce = deps.pageNonce();
      const reply = await deps.ask({ type: 'login-conditional', client: signals, ...(pageNonce === undefined ? {} : { pageNonce }) });
      if (!reply.ok || controller.signal.aborted) return;
      const { ceremony } = reply.value;
      const result = await deps.bridge.getConditionally(ceremony.options, controller.signal);
      if (!result.ok) {
        // Ended (aborted, timed out): the server forgets the ceremony; it names no one.
        void deps.ask({ type: 'login-failure', ceremonyId: ceremony.ceremonyId, errorName: result.errorName });
        return;
      }
      if (busy || leaving) return;
      autofill = undefined;
      busy = true;
      try {
        const chosen: CeremonyReply = {
          decision: 'passkey',
          reason: { code: 'credential-usable-here', message: '' },
          ceremony,
          ...(reply.value.siteName === undefined ? {} : { siteName: reply.value.siteName }),
        };
        await completeLogin('', chosen, false, result.value, ceremonyControls());
      } finally {
        busy = false;
      }
    } finally {
      if (autofill === controller) autofill = undefined;
    }
  }

  function showError(username: string, site: string, message: string): void {
    showCard(
      { view: 'login-error', site, message, retry: true },
      { ...NO_ACTIONS, passkey: () => void guarded(() => start(username, () => false)), usePassword },
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
    await askAboutWaiting();
  }

  return {
    /**
     * The person typed into a password field or submitted a password form (issue 17): the
     * "no prompt over a password login" rule holds afterwards too. A login card on screen
     * steps aside (a ceremony in flight is aborted), so nothing outlives a password login on a
     * page that doesn't navigate. Focus stays where the person is typing.
     */
    /** An identifier field was found: its autofill offers the site's passkeys, where the browser can. */
    offerAutofill(field: HTMLInputElement): void {
      void offerAutofill(field).catch(() => undefined);
      // The person may come back to the field after autofill ended (a password typed, then cleared).
      if (!autofillFields.has(field)) {
        autofillFields.add(field);
        field.addEventListener('focus', () => void offerAutofill(field).catch(() => undefined), { passive: true });
      }
    },
    passwordLoginStarted(): void {
      stopAutofill();
      // Only while the login card is what's on screen: an append offer that followed is the
      // append flow's, and the password login is exactly what it comes after.
      if (card !== undefined && deps.overlay.showing() === card.state) card.stepAside();
    },
    /**
     * The identifier counts as entered (see identifierWatcher.ts). `movedOn` says whether the
     * person has gone on with the password since: then nothing starts by itself.
     */
    identifierEntered(
      username: string,
      movedOn: () => boolean = () => false,
      passwordField: () => HTMLElement | undefined = () => undefined,
    ): Promise<void> {
      headingTo = passwordField;
      // One decision per username: leaving the field again with the same name doesn't re-ask.
      if (leaving || (username === lastAsked && waiting === undefined)) return Promise.resolve();
      if (busy) {
        waiting = { username, movedOn };
        return Promise.resolve();
      }
      return askAbout(username, movedOn);
    },
  };
}
