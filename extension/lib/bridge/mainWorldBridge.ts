import { BRIDGE_CHANNEL, ceremonyTimeout, isRecord, type BridgeOperation, type BridgeRequest, type BridgeResponse } from './protocol.ts';
import { signalAcceptedCredentials, signalCurrentUserDetails, signalUnknownCredential } from './signalApi.ts';

/**
 * Runs in the page's MAIN world: performs navigator.credentials.get/create for the content
 * script (WebAuthn from the isolated world can route to the wrong provider in real Chrome,
 * ARCHITECTURE §3). It only answers requests carrying its nonce, and never patches
 * navigator.credentials: it calls it like the page would.
 */
export function startBridge(win: Window, nonce: string): void {
  const running = new Map<string, AbortController>();

  const reply = (id: string, body: { ok: true; result: unknown } | { ok: false; errorName: string; message: string }) => {
    const response: BridgeResponse = { channel: BRIDGE_CHANNEL, direction: 'from-bridge', nonce, id, ...body };
    win.postMessage(response, win.location.origin);
  };

  win.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.source !== win) return;
    const request = asRequest(event.data, nonce);
    if (request === undefined) return;
    if (request.op === 'abort') {
      const id = request.payload;
      if (typeof id === 'string') running.get(id)?.abort(new DOMException('cancelled by the user', 'AbortError'));
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    perform(request.op, request.payload, controller)
      .then(
        (result) => reply(request.id, { ok: true, result }),
        (error: unknown) => reply(request.id, { ok: false, errorName: errorName(error), message: errorMessage(error) }),
      )
      .finally(() => running.delete(request.id));
  });
}

async function perform(op: Exclude<BridgeOperation, 'abort'>, payload: unknown, controller: AbortController): Promise<unknown> {
  switch (op) {
    case 'signals':
      return readSignals();
    case 'signal-accepted':
      return signalAcceptedCredentials(globalThis.PublicKeyCredential, payload);
    case 'signal-unknown':
      return signalUnknownCredential(globalThis.PublicKeyCredential, payload);
    case 'signal-user-details':
      return signalCurrentUserDetails(globalThis.PublicKeyCredential, payload);
    case 'get':
    case 'get-immediate':
    case 'get-conditional': {
      // The browser's parser is the validator here (TypeError on a bad shape); the background
      // already checked these options against the shared schema when the server sent them.
      if (!isRecord(payload)) throw new TypeError('missing request options');
      const options = PublicKeyCredential.parseRequestOptionsFromJSON(payload as unknown as PublicKeyCredentialRequestOptionsJSON);
      // Immediate: the browser answers at once, with no UI: a local passkey, or NotAllowedError.
      // Conditional: passkey autofill, answered when the person picks a passkey in the field's suggestions.
      const mode = op === 'get-immediate' ? { uiMode: 'immediate' } : op === 'get-conditional' ? { mediation: 'conditional' } : {};
      return bounded(controller, options.timeout, (signal) =>
        navigator.credentials.get({ publicKey: options, signal, ...mode } as CredentialRequestOptions),
      );
    }
    case 'create':
    case 'create-conditional': {
      if (!isRecord(payload)) throw new TypeError('missing creation options');
      const options = PublicKeyCredential.parseCreationOptionsFromJSON(payload as unknown as PublicKeyCredentialCreationOptionsJSON);
      // Conditional: the browser's automatic upgrade after a password login (no UI unless it creates).
      const mediation = op === 'create-conditional' ? { mediation: 'conditional' as CredentialMediationRequirement } : {};
      return bounded(controller, options.timeout, (signal) => navigator.credentials.create({ publicKey: options, signal, ...mediation }));
    }
    default: {
      const unreachable: never = op;
      return unreachable;
    }
  }
}

async function readSignals(): Promise<{ platformAuthenticator: boolean; capabilities: Record<string, boolean> }> {
  const platformAuthenticator = await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().catch(() => false);
  let capabilities: Record<string, boolean> = {};
  if (typeof PublicKeyCredential.getClientCapabilities === 'function') {
    const reported: unknown = await PublicKeyCredential.getClientCapabilities().catch(() => ({}));
    if (isRecord(reported)) {
      capabilities = Object.fromEntries(
        Object.entries(reported).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'),
      );
    }
  }
  return { platformAuthenticator, capabilities };
}

/** One WebAuthn ceremony, aborted with a TimeoutError once the options' timeout (capped) runs out. */
async function bounded(
  controller: AbortController,
  optionsTimeout: number | undefined,
  ceremony: (signal: AbortSignal) => Promise<Credential | null>,
): Promise<unknown> {
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), ceremonyTimeout(optionsTimeout));
  try {
    return credentialJson(await ceremony(controller.signal));
  } finally {
    clearTimeout(timer);
  }
}

function credentialJson(credential: Credential | null): unknown {
  if (credential instanceof PublicKeyCredential) return credential.toJSON();
  throw new DOMException('no public key credential returned', 'NotAllowedError');
}

function asRequest(data: unknown, nonce: string): BridgeRequest | undefined {
  if (!isRecord(data)) return undefined;
  if (data.channel !== BRIDGE_CHANNEL || data.direction !== 'to-bridge' || data.nonce !== nonce) return undefined;
  if (typeof data.id !== 'string') return undefined;
  const op = data.op;
  if (!isOperation(op)) return undefined;
  return { channel: BRIDGE_CHANNEL, direction: 'to-bridge', nonce, id: data.id, op, payload: data.payload };
}

function errorName(error: unknown): string {
  if (error instanceof DOMException || error instanceof Error) return error.name.slice(0, 64);
  return 'UnknownError';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
}

const OPERATIONS: ReadonlySet<unknown> = new Set<BridgeOperation>([
  'get',
  'get-immediate',
  'get-conditional',
  'create',
  'create-conditional',
  'signals',
  'signal-accepted',
  'signal-unknown',
  'signal-user-details',
  'abort',
]);

function isOperation(value: unknown): value is BridgeOperation {
  return OPERATIONS.has(value);
}
