import { randomBytes } from 'node:crypto';
import { jwtVerify, type JWK } from 'jose';
import { loginTokenClaimsSchema, type LoginTokenClaims } from '@pkc/shared';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { signCompactEs256 } from './compactJws.ts';
import type { KeyRing } from './keyRing.ts';

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

export function createTokenSigner(keys: KeyRing, issuer: string, clock: Clock): TokenSigner {
  return {
    issuer,
    async sign(subject) {
      const key = keys.current();
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
      return signCompactEs256({ alg: 'ES256', kid: key.record.kid, typ: 'JWT' }, claims, key.privateKey);
    },
    async verify(token, siteId) {
      try {
        const { payload } = await jwtVerify(
          token,
          async (header) => {
            const key = await keys.find(header.kid);
            if (!key) throw new Error(`no signing key ${header.kid}`);
            return key.publicKey;
          },
          { issuer, audience: siteId, algorithms: ['ES256'], currentDate: new Date(clock.now()) },
        );
        return loginTokenClaimsSchema.parse(payload);
      } catch (cause) {
        throw new ApiError('token_invalid', 'the login token is invalid, expired or for another site', { cause });
      }
    },
    jwks: () => ({ keys: keys.published() }),
  };
}
