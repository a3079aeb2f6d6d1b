import { isRecord, type AcceptedCredentialsPayload, type UnknownCredentialPayload, type UserDetailsPayload } from './protocol.ts';

/**
 * The WebAuthn Signal API (L3 §5.1.10), used from the MAIN-world bridge where the browser has
 * it: it tells the user's passkey provider which credentials the site still accepts, so
 * deleted ones stop being offered (ARCHITECTURE §5). Feature-detected per call; a browser
 * without it answers `{ supported: false }` and nothing happens.
 */
export type SignalOutcome = { supported: boolean };

type SignalMethod = 'signalAllAcceptedCredentials' | 'signalUnknownCredential' | 'signalCurrentUserDetails';

export async function signalAcceptedCredentials(credentialClass: unknown, payload: unknown): Promise<SignalOutcome> {
  if (!isAcceptedCredentialsPayload(payload)) throw new TypeError('malformed accepted-credentials signal');
  return callSignal(credentialClass, 'signalAllAcceptedCredentials', {
    rpId: payload.rpId,
    userId: payload.userId,
    allAcceptedCredentialIds: [...payload.allAcceptedCredentialIds],
  });
}

export async function signalUnknownCredential(credentialClass: unknown, payload: unknown): Promise<SignalOutcome> {
  if (!isUnknownCredentialPayload(payload)) throw new TypeError('malformed unknown-credential signal');
  return callSignal(credentialClass, 'signalUnknownCredential', { rpId: payload.rpId, credentialId: payload.credentialId });
}

export async function signalCurrentUserDetails(credentialClass: unknown, payload: unknown): Promise<SignalOutcome> {
  if (!isUserDetailsPayload(payload)) throw new TypeError('malformed user-details signal');
  return callSignal(credentialClass, 'signalCurrentUserDetails', {
    rpId: payload.rpId,
    userId: payload.userId,
    name: payload.name,
    displayName: payload.displayName,
  });
}

async function callSignal(credentialClass: unknown, method: SignalMethod, argument: object): Promise<SignalOutcome> {
  // Not in TypeScript's DOM types yet; looked up at run time, which is also the feature test.
  const fn: unknown = typeof credentialClass === 'function' ? Reflect.get(credentialClass, method) : undefined;
  if (typeof fn !== 'function') return { supported: false };
  await Reflect.apply(fn, credentialClass, [argument]);
  return { supported: true };
}

const B64URL = /^[A-Za-z0-9_-]{1,1364}$/;
const isRpId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 253;
const isB64 = (value: unknown): value is string => typeof value === 'string' && B64URL.test(value);

function isAcceptedCredentialsPayload(value: unknown): value is AcceptedCredentialsPayload {
  return (
    isRecord(value) &&
    isRpId(value.rpId) &&
    isB64(value.userId) &&
    Array.isArray(value.allAcceptedCredentialIds) &&
    value.allAcceptedCredentialIds.length <= 100 &&
    value.allAcceptedCredentialIds.every(isB64)
  );
}

const isName = (value: unknown): value is string => typeof value === 'string' && value.length <= 256;

function isUserDetailsPayload(value: unknown): value is UserDetailsPayload {
  return (
    isRecord(value) && isRpId(value.rpId) && isB64(value.userId) && isName(value.name) && value.name !== '' && isName(value.displayName)
  );
}

function isUnknownCredentialPayload(value: unknown): value is UnknownCredentialPayload {
  return isRecord(value) && isRpId(value.rpId) && isB64(value.credentialId);
}
