import { z } from 'zod';
import {
  authenticationResponseSchema,
  registrationResponseSchema,
  type AuthenticationResponse,
  type CreationOptions,
  type RegistrationResponse,
  type RequestOptions,
} from '@pkc/shared';
import {
  BRIDGE_CHANNEL,
  ceremonyTimeout,
  isRecord,
  type AcceptedCredentialsPayload,
  type BridgeOperation,
  type BridgeRequest,
  type UnknownCredentialPayload,
} from './protocol.ts';
import type { SignalOutcome } from './signalApi.ts';

/** A ceremony outcome as the content script sees it: a validated result or a DOMException name. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; errorName: string; message: string };

export const bridgeSignalsSchema = z.object({
  platformAuthenticator: z.boolean(),
  capabilities: z.record(z.string().max(64), z.boolean()),
});
export type BridgeSignals = z.infer<typeof bridgeSignalsSchema>;

const responseSchema = z.discriminatedUnion('ok', [
  z.object({ channel: z.literal(BRIDGE_CHANNEL), direction: z.literal('from-bridge'), nonce: z.string(), id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    channel: z.literal(BRIDGE_CHANNEL),
    direction: z.literal('from-bridge'),
    nonce: z.string(),
    id: z.string(),
    ok: z.literal(false),
    errorName: z.string().max(64),
    message: z.string().max(500),
  }),
]);

/** How long to wait for `signals`, which involves no user. */
const SIGNALS_TIMEOUT_MS = 2_000;
/**
 * How long a Signal API call may hold up the flow (it can run right before the page navigates
 * away with the login token, and involves no user).
 */
export const SIGNAL_API_TIMEOUT_MS = 1_000;
const signalOutcomeSchema: z.ZodType<SignalOutcome> = z.object({ supported: z.boolean() });
/** Slack on top of the ceremony's own timeout before the content script stops waiting. */
const RESPONSE_GRACE_MS = 2_000;

/**
 * Content-script side of the MAIN-world bridge (see protocol.ts for why the channel may be
 * forged and why that's acceptable). Every call is bounded, and every result is validated
 * with the shared WebAuthn schemas before it goes anywhere.
 */
export function createBridgeClient(win: Window, nonce: string) {
  let counter = 0;

  function request(op: Exclude<BridgeOperation, 'abort'>, payload: unknown, timeoutMs: number, cancel?: AbortSignal): Promise<BridgeResult<unknown>> {
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
        if (event.source !== win || !isRecord(event.data) || event.data.nonce !== nonce || event.data.id !== id) return;
        const parsed = responseSchema.safeParse(event.data);
        if (!parsed.success) return;
        const response = parsed.data;
        finish(response.ok ? { ok: true, value: response.result } : { ok: false, errorName: response.errorName, message: response.message });
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

  function validated<T>(result: BridgeResult<unknown>, schema: z.ZodType<T>): BridgeResult<T> {
    if (!result.ok) return result;
    const parsed = schema.safeParse(result.value);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errorName: 'InvalidResponse', message: 'unexpected result from the WebAuthn bridge' };
  }

  return {
    async signals(): Promise<BridgeResult<BridgeSignals>> {
      return validated(await request('signals', undefined, SIGNALS_TIMEOUT_MS), bridgeSignalsSchema);
    },
    async get(options: RequestOptions, cancel?: AbortSignal): Promise<BridgeResult<AuthenticationResponse>> {
      const timeout = ceremonyTimeout(options.timeout) + RESPONSE_GRACE_MS;
      return validated(await request('get', options, timeout, cancel), authenticationResponseSchema);
    },
    async create(options: CreationOptions, cancel?: AbortSignal): Promise<BridgeResult<RegistrationResponse>> {
      const timeout = ceremonyTimeout(options.timeout) + RESPONSE_GRACE_MS;
      return validated(await request('create', options, timeout, cancel), registrationResponseSchema);
    },
    /** WebAuthn Signal API: the credentials the server still accepts for this user. */
    async signalAcceptedCredentials(payload: AcceptedCredentialsPayload): Promise<BridgeResult<SignalOutcome>> {
      return validated(await request('signal-accepted', payload, SIGNAL_API_TIMEOUT_MS), signalOutcomeSchema);
    },
    /** WebAuthn Signal API: a credential the server doesn't know (any more). */
    async signalUnknownCredential(payload: UnknownCredentialPayload): Promise<BridgeResult<SignalOutcome>> {
      return validated(await request('signal-unknown', payload, SIGNAL_API_TIMEOUT_MS), signalOutcomeSchema);
    },
  };
}
export type BridgeClient = ReturnType<typeof createBridgeClient>;
