import { MAX_CAPABILITY_NAME_LENGTH, MAX_ERROR_MESSAGE_LENGTH, MAX_ERROR_NAME_LENGTH } from '@pkc/shared/limits';
import { BRIDGE_CHANNEL, isRecord, type BridgeResponse } from './protocol.ts';
import type { SignalOutcome } from './signalApi.ts';

/*
 * Hand-written checks for what the MAIN-world bridge answers, limited to the facts the content
 * script itself acts on. The page can forge every answer (protocol.ts). WebAuthn responses and
 * page signals are checked in full by the background (`contentMessageSchema`), which already
 * bundles zod; repeating that here would load zod into every partner page.
 */

/** What `signals` reports: the page-visible authenticator facts (ARCHITECTURE §5). */
export interface BridgeSignals {
  platformAuthenticator: boolean;
  capabilities: Record<string, boolean>;
}

/**
 * A credential in its toJSON form as the bridge returned it. The content script reads only `id`
 * (to tell the provider about a credential the server doesn't know); the rest goes to the
 * background unread.
 */
export interface UncheckedCredential {
  id: string;
  [field: string]: unknown;
}

/** The answer to request `id`: our channel and nonce, and either a result or a DOMException name. */
export function isBridgeResponse(data: unknown, nonce: string, id: string): data is BridgeResponse {
  if (!isRecord(data) || data.channel !== BRIDGE_CHANNEL || data.direction !== 'from-bridge') return false;
  if (data.nonce !== nonce || data.id !== id) return false;
  if (data.ok === true) return 'result' in data;
  return data.ok === false && isShortString(data.errorName, MAX_ERROR_NAME_LENGTH) && isShortString(data.message, MAX_ERROR_MESSAGE_LENGTH);
}

export function isBridgeSignals(value: unknown): value is BridgeSignals {
  if (!isRecord(value) || typeof value.platformAuthenticator !== 'boolean') return false;
  const capabilities = value.capabilities;
  if (!isRecord(capabilities) || Array.isArray(capabilities)) return false;
  // A capability the background would refuse fails the whole answer here, so the flow falls back
  // to "no capabilities" instead of losing the login-start message.
  return Object.entries(capabilities).every(
    ([name, supported]) => name.length <= MAX_CAPABILITY_NAME_LENGTH && typeof supported === 'boolean',
  );
}

export function isSignalOutcome(value: unknown): value is SignalOutcome {
  return isRecord(value) && typeof value.supported === 'boolean';
}

export function isUncheckedCredential(value: unknown): value is UncheckedCredential {
  return isRecord(value) && !Array.isArray(value) && typeof value.id === 'string';
}

function isShortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}
