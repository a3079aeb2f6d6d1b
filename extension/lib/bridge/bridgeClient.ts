import type { CreationOptions, RequestOptions } from '@pkc/shared';
import {
  isBridgeResponse,
  isBridgeSignals,
  isSignalOutcome,
  isUncheckedCredential,
  type BridgeSignals,
  type UncheckedCredential,
} from './bridgeReplies.ts';
import {
  BRIDGE_CHANNEL,
  ceremonyTimeout,
  type AcceptedCredentialsPayload,
  type BridgeOperation,
  type BridgeRequest,
  type UnknownCredentialPayload,
  type UserDetailsPayload,
} from './protocol.ts';
import type { SignalOutcome } from './signalApi.ts';

/** A ceremony outcome as the content script sees it: a checked result or a DOMException name. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; errorName: string; message: string };

/** How long to wait for `signals`, which involves no user. */
const SIGNALS_TIMEOUT_MS = 2_000;
/** An immediate check answers at once (no UI); a browser that hangs on it is given up on. */
const IMMEDIATE_TIMEOUT_MS = 5_000;
/**
 * How long a Signal API call may hold up the flow (it can run right before the page navigates
 * away with the login token, and involves no user).
 */
export const SIGNAL_API_TIMEOUT_MS = 1_000;
/** Slack on top of the ceremony's own timeout before the content script stops waiting. */
const RESPONSE_GRACE_MS = 2_000;

/**
 * Content-script side of the MAIN-world bridge (see protocol.ts for why the channel may be
 * forged and why that's acceptable). Every call is bounded, and every answer is checked for
 * what the content script acts on (bridgeReplies.ts); a credential is then checked in full
 * against the shared WebAuthn schemas by the background, before it goes to the server.
 */
export function createBridgeClient(win: Window, nonce: string) {
  let counter = 0;

  function request(
    op: Exclude<BridgeOperation, 'abort'>,
    payload: unknown,
    timeoutMs: number,
    cancel?: AbortSignal,
  ): Promise<BridgeResult<unknown>> {
    counter += 1;
    const id = `${op}-${counter}-${Math.random().toString(36).slice(2)}`;
    return new Promise((resolve) => {
      const finish = (result: BridgeResult<unknown>) => {
        win.removeEventListener('message', onMessage);
        clearTimeout(timer);
        cancel?.removeEventListener('abort', onCancel);
        resolve(result);
      };
      const onMessage = (event: MessageEvent<unknown>) => {
        if (event.source !== win || !isBridgeResponse(event.data, nonce, id)) return;
        const response = event.data;
        finish(
          response.ok ? { ok: true, value: response.result } : { ok: false, errorName: response.errorName, message: response.message },
        );
      };
      const send = (message: BridgeRequest) => win.postMessage(message, win.location.origin);
      const abort = (errorName: string, message: string) => {
        send({ channel: BRIDGE_CHANNEL, direction: 'to-bridge', nonce, id: `abort-${id}`, op: 'abort', payload: id });
        finish({ ok: false, errorName, message });
      };
      const onCancel = () => abort('AbortError', 'cancelled');
      const timer = setTimeout(() => abort('TimeoutError', 'no answer from the WebAuthn bridge in time'), timeoutMs);
      win.addEventListener('message', onMessage);
      cancel?.addEventListener('abort', onCancel, { once: true });
      if (cancel?.aborted === true) return onCancel();
      send({ channel: BRIDGE_CHANNEL, direction: 'to-bridge', nonce, id, op, payload });
    });
  }

  function checked<T>(result: BridgeResult<unknown>, isExpected: (value: unknown) => value is T): BridgeResult<T> {
    if (!result.ok) return result;
    const { value } = result;
    return isExpected(value)
      ? { ok: true, value }
      : { ok: false, errorName: 'InvalidResponse', message: 'unexpected result from the WebAuthn bridge' };
  }

  return {
    async signals(): Promise<BridgeResult<BridgeSignals>> {
      return checked(await request('signals', undefined, SIGNALS_TIMEOUT_MS), isBridgeSignals);
    },
    async get(options: RequestOptions, cancel?: AbortSignal): Promise<BridgeResult<UncheckedCredential>> {
      const timeout = ceremonyTimeout(options.timeout) + RESPONSE_GRACE_MS;
      return checked(await request('get', options, timeout, cancel), isUncheckedCredential);
    },
    /** `uiMode: 'immediate'`: a local passkey at once, or NotAllowedError (none here), never any UI. */
    async getImmediately(options: RequestOptions, cancel?: AbortSignal): Promise<BridgeResult<UncheckedCredential>> {
      return checked(await request('get-immediate', options, IMMEDIATE_TIMEOUT_MS, cancel), isUncheckedCredential);
    },
    /** Passkey autofill (`mediation: 'conditional'`): answered when the person picks a passkey; ends with `cancel`. */
    async getConditionally(options: RequestOptions, cancel: AbortSignal): Promise<BridgeResult<UncheckedCredential>> {
      const timeout = ceremonyTimeout(options.timeout) + RESPONSE_GRACE_MS;
      return checked(await request('get-conditional', options, timeout, cancel), isUncheckedCredential);
    },
    async create(options: CreationOptions, cancel?: AbortSignal): Promise<BridgeResult<UncheckedCredential>> {
      const timeout = ceremonyTimeout(options.timeout) + RESPONSE_GRACE_MS;
      return checked(await request('create', options, timeout, cancel), isUncheckedCredential);
    },
    /** The automatic upgrade: create with mediation 'conditional', for at most `windowMs` (then TimeoutError). */
    async createConditionally(options: CreationOptions, windowMs: number): Promise<BridgeResult<UncheckedCredential>> {
      return checked(await request('create-conditional', options, windowMs), isUncheckedCredential);
    },
    /** WebAuthn Signal API: the credentials the server still accepts for this user. */
    async signalAcceptedCredentials(payload: AcceptedCredentialsPayload): Promise<BridgeResult<SignalOutcome>> {
      return checked(await request('signal-accepted', payload, SIGNAL_API_TIMEOUT_MS), isSignalOutcome);
    },
    /** WebAuthn Signal API: the account's current name and display name. */
    async signalCurrentUserDetails(payload: UserDetailsPayload): Promise<BridgeResult<SignalOutcome>> {
      return checked(await request('signal-user-details', payload, SIGNAL_API_TIMEOUT_MS), isSignalOutcome);
    },
    /** WebAuthn Signal API: a credential the server doesn't know (any more). */
    async signalUnknownCredential(payload: UnknownCredentialPayload): Promise<BridgeResult<SignalOutcome>> {
      return checked(await request('signal-unknown', payload, SIGNAL_API_TIMEOUT_MS), isSignalOutcome);
    },
  };
}
export type BridgeClient = ReturnType<typeof createBridgeClient>;
