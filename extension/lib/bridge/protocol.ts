/**
 * The window.postMessage channel between the content script (isolated world) and the
 * WebAuthn bridge (MAIN world). Kept free of dependencies: the bridge side runs in the page.
 *
 * The page can see and forge this channel (a nonce shared through the DOM only keeps other
 * pages' scripts and accidents out). That's acceptable because nothing that comes back is
 * trusted: the content script checks what it acts on (bridgeReplies.ts), the background
 * validates the rest with the shared WebAuthn schemas, and the companion server verifies every
 * assertion and attestation against its own challenge, rp id and origin allowlist before
 * anything happens.
 */
export const BRIDGE_CHANNEL = 'passkey-companion-bridge';
export const BRIDGE_NONCE_ATTRIBUTE = 'pkcNonce';

export type BridgeOperation =
  | 'get'
  | 'get-immediate'
  | 'get-conditional'
  | 'create'
  | 'create-conditional'
  | 'signals'
  | 'signal-accepted'
  | 'signal-unknown'
  | 'signal-user-details'
  | 'abort';

/** WebAuthn Signal API payloads (credential ids and the user handle as base64url). */
export interface AcceptedCredentialsPayload {
  rpId: string;
  userId: string;
  allAcceptedCredentialIds: string[];
}
export interface UserDetailsPayload {
  rpId: string;
  userId: string;
  name: string;
  displayName: string;
}
export interface UnknownCredentialPayload {
  rpId: string;
  credentialId: string;
}

export interface BridgeRequest {
  channel: typeof BRIDGE_CHANNEL;
  direction: 'to-bridge';
  nonce: string;
  id: string;
  op: BridgeOperation;
  /**
   * get, get-immediate, get-conditional: PublicKeyCredentialRequestOptionsJSON; create, create-conditional: ...CreationOptionsJSON; abort: the id to
   * abort; signal-accepted: AcceptedCredentialsPayload; signal-unknown: UnknownCredentialPayload; signal-user-details: UserDetailsPayload.
   */
  payload?: unknown;
}

export type BridgeResponse = {
  channel: typeof BRIDGE_CHANNEL;
  direction: 'from-bridge';
  nonce: string;
  id: string;
} & ({ ok: true; result: unknown } | { ok: false; errorName: string; message: string });

/** Default bound when the options carry no timeout (WebAuthn's own default is client-chosen). */
export const DEFAULT_CEREMONY_TIMEOUT_MS = 60_000;
/** Never wait longer than this, whatever the server's options say. */
export const MAX_CEREMONY_TIMEOUT_MS = 300_000;

export function ceremonyTimeout(optionsTimeout: number | undefined): number {
  return Math.min(optionsTimeout ?? DEFAULT_CEREMONY_TIMEOUT_MS, MAX_CEREMONY_TIMEOUT_MS);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
