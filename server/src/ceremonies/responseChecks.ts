import { transportSchema, type Transport } from '@pkc/shared';
import { ApiError } from '../errors.ts';

/*
 * Checks @simplewebauthn/server leaves to the caller (ARCHITECTURE §7).
 */

/** WebAuthn L3 §5.1: `id` is base64url(rawId); a mismatch means a tampered response. */
export function requireIdMatchesRawId(response: { id: string; rawId: string }): void {
  if (response.id !== response.rawId) {
    throw new ApiError('verification_failed', 'credential id and rawId differ');
  }
}

/** WebAuthn L3 §5.4.3 / §7.1 step 25: credential ids are at most 1023 bytes. */
export function requireCredentialIdSize(credentialId: string): void {
  const bytes = Buffer.from(credentialId, 'base64url').length;
  if (bytes < 1 || bytes > 1023) {
    throw new ApiError('verification_failed', 'credential id length is outside 1..1023 bytes');
  }
}

/** Runs a library verification; whatever it throws (garbage CBOR included) is a 400, never a 500. */
export async function verifyOrReject<T>(run: () => Promise<T>, what: string): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new ApiError('verification_failed', `${what} could not be verified`, { cause });
  }
}

/** The transports a browser reported for a new passkey that this server knows; anything else is dropped. */
export function knownTransports(reported: readonly string[] | undefined): Transport[] {
  return (reported ?? []).flatMap((value) => {
    const parsed = transportSchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}
