import { createPrivateKey, randomBytes } from 'node:crypto';
import { importJWK, jwtVerify, type JWK, type CryptoKey } from 'jose';
import { loginTokenClaimsSchema, type LoginTokenClaims } from '@pkc/shared';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { SigningKeyRecord } from '../store/records.ts';
import { signCompactEs256 } from './compactJws.ts';

/** Short: the token only has to travel from the extension to the site's callback. */
export const LOGIN_TOKEN_TTL_S = 120;

export type LoginTokenSubject = Pick<LoginTokenClaims, 'aud' | 'sub' | 'username' | 'credentialId' | 'crossDevice' | 'nonce' | 'firstUse'>;

export interface TokenSigner {
  readonly issuer: string;
  sign(subject: LoginTokenSubject): Promise<string>;
  /** Signature, issuer, audience = `siteId`, expiry and claim shape; not single use (see the verify route). */
  verify(token: string, siteId: string): Promise<LoginTokenClaims>;
  /** Public keys for `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] };
}

export async function createTokenSigner(key: SigningKeyRecord, issuer: string, clock: Clock): Promise<TokenSigner> {
  const { d: _private, ...publicJwk } = key.privateJwk;
  const privateKey = createPrivateKey({ key: key.privateJwk, format: 'jwk' });
  const publicKey = await importJWK(publicJwk, 'ES256');
  if (!isCryptoKey(publicKey)) throw new Error('ES256 JWK did not import as a CryptoKey');
  const published: JWK = { ...publicJwk, kid: key.kid, alg: 'ES256', use: 'sig' };

  return {
    issuer,
    async sign(subject) {
      const now = Math.floor(clock.now() / 1000);
      const claims = {
        username: subject.username,
        credentialId: subject.credentialId,
        crossDevice: subject.crossDevice,
        iss: issuer,
        aud: subject.aud,
        sub: subject.sub,
        jti: randomBytes(18).toString('base64url'),
        iat: now,
        exp: now + LOGIN_TOKEN_TTL_S,
        ...(subject.nonce === undefined ? {} : { nonce: subject.nonce }),
        ...(subject.firstUse === undefined ? {} : { firstUse: subject.firstUse }),
      };
      return signCompactEs256({ alg: 'ES256', kid: key.kid, typ: 'JWT' }, claims, privateKey);
    },
    async verify(token, siteId) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer,
          audience: siteId,
          algorithms: ['ES256'],
          currentDate: new Date(clock.now()),
        });
        return loginTokenClaimsSchema.parse(payload);
      } catch (cause) {
        throw new ApiError('token_invalid', 'the login token is invalid, expired or for another site', { cause });
      }
    },
    jwks: () => ({ keys: [published] }),
  };
}

function isCryptoKey(key: CryptoKey | Uint8Array): key is CryptoKey {
  return !(key instanceof Uint8Array);
}
