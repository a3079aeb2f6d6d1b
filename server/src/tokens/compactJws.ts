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
  const signature = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

const encode = (json: Record<string, unknown>) => Buffer.from(JSON.stringify(json)).toString('base64url');
