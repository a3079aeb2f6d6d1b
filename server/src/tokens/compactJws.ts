import { sign, type KeyObject } from 'node:crypto';

/**
 * An ES256 compact JWS (RFC 7515 §7.1, RFC 7518 §3.4), signed with node:crypto in the calling
 * thread. jose signs through WebCrypto, whose every call is a job on libuv's thread pool: on
 * a login that costs about three times the signature itself (measured by `npm run bench`),
 * and a login signs one token. Verification stays with jose (tokens/loginTokens.ts), as do
 * partners' verifiers; tests verify what this produces with jose.
 */
export function signCompactEs256(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject): string {
  const signingInput = `${encode(header)}.${encode(payload)}`;
  // JWS wants the raw r || s form (RFC 7518 §3.4), not DER.
  const signature = lowS(sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The order of P-256's base point. */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/**
 * ECDSA signatures are malleable: (r, n − s) verifies as well as (r, s), so one token has two
 * valid strings. Harmless while `jti` is single use, but a site that dedupes by token string
 * would see two tokens; every token is issued with the low s (security review round 2, 10).
 */
export function lowS(signature: Buffer): Buffer {
  const s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
  if (s <= N / 2n) return signature;
  return Buffer.concat([signature.subarray(0, 32), Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex')]);
}

const encode = (json: Record<string, unknown>) => Buffer.from(JSON.stringify(json)).toString('base64url');
