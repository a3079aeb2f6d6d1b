import {
  appendGrantReplySchema,
  credentialsRemovedReplySchema,
  errorBodySchema,
  isErrorCode,
  loginTokenClaimsSchema,
  siteCredentialsReplySchema,
  tokenVerifyReplySchema,
  type AppendGrantBody,
  type AppendGrantReply,
  type SiteCredential,
  type TokenVerifyReply,
} from '@pkc/shared';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { z } from 'zod';
import { CompanionSiteError } from './errors.ts';

export interface CompanionSiteOptions {
  /** The companion server's public URL: also the `iss` of its login tokens. */
  companionUrl: string;
  siteId: string;
  /** The site secret from `npm run site -- add`: keep it on the backend. */
  secret: string;
  /**
   * Per call, so a down or hanging companion never holds up a login: past it the call fails
   * with `timeout` and the site carries on with its password login. Default 3000 ms.
   */
  timeoutMs?: number;
}

export interface CompanionSite {
  /**
   * Hook 1, right after the site's own login succeeded: a single-use, five-minute grant that
   * lets this user add a passkey. Put it in the next page as
   * `<meta name="passkey-companion-append-grant" content="…">`.
   */
  mintAppendGrant(user: AppendGrantBody): Promise<AppendGrantReply>;
  /**
   * Hook 2, at the login callback: checks the token offline (signature against the companion's
   * key set, fetched once and cached; issuer; audience = this site; expiry), then redeems it
   * once with this browser's login nonce cookie (`passkey-companion-nonce`), so a replayed
   * token or one made in another browser is refused. The reply names the user to sign in.
   */
  verifyLoginToken(token: string, nonce?: string): Promise<TokenVerifyReply>;
  /** A user's passkeys, for an account page. */
  listCredentials(userId: string): Promise<SiteCredential[]>;
  /** Removes one passkey of a user. */
  removeCredential(userId: string, credentialId: string): Promise<void>;
  /** Removes every passkey of a user: on a password reset or "sign out everywhere". */
  removeAllCredentials(userId: string): Promise<number>;
}

const DEFAULT_TIMEOUT_MS = 3_000;

export function createCompanionSite(options: CompanionSiteOptions): CompanionSite {
  const base = options.companionUrl.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const siteBase = `${base}/v1/sites/${encodeURIComponent(options.siteId)}`;
  // jose caches the key set and fetches it again only for a key it hasn't seen (a rotation).
  const keySet = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`), { timeoutDuration: timeoutMs });

  async function call<T>(method: string, path: string, reply: z.ZodType<T>, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${siteBase}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      throw new CompanionSiteError(
        timedOut ? 'timeout' : 'unreachable',
        timedOut ? `the companion did not answer within ${timeoutMs} ms` : 'the companion could not be reached',
        undefined,
        { cause },
      );
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = errorBodySchema.safeParse(json);
      if (!error.success)
        throw new CompanionSiteError('bad_reply', `the companion answered ${response.status} without an error body`, response.status);
      const { code, message } = error.data.error;
      throw new CompanionSiteError(isErrorCode(code) ? code : 'bad_reply', message, response.status);
    }
    const parsed = reply.safeParse(json);
    if (!parsed.success)
      throw new CompanionSiteError('bad_reply', "the companion's reply is not what its API describes", response.status, {
        cause: parsed.error,
      });
    return parsed.data;
  }

  return {
    mintAppendGrant: (user) => call('POST', '/append-grants', appendGrantReplySchema, user),

    async verifyLoginToken(token, nonce) {
      try {
        const { payload } = await jwtVerify(token, keySet, { issuer: base, audience: options.siteId, algorithms: ['ES256'] });
        loginTokenClaimsSchema.parse(payload);
      } catch (cause) {
        throw offlineCheckError(cause);
      }
      return call('POST', '/login-tokens/verify', tokenVerifyReplySchema, nonce === undefined ? { token } : { token, nonce });
    },

    async listCredentials(userId) {
      return (await call('GET', `/users/${encodeURIComponent(userId)}/credentials`, siteCredentialsReplySchema)).credentials;
    },

    async removeCredential(userId, credentialId) {
      await call(
        'DELETE',
        `/users/${encodeURIComponent(userId)}/credentials/${encodeURIComponent(credentialId)}`,
        credentialsRemovedReplySchema,
      );
    },

    async removeAllCredentials(userId) {
      return (await call('DELETE', `/users/${encodeURIComponent(userId)}/credentials`, credentialsRemovedReplySchema)).removed;
    },
  };
}

/** The key set not arriving is the companion's trouble (timeout, unreachable); anything else is the token's. */
function offlineCheckError(cause: unknown): CompanionSiteError {
  if (cause instanceof errors.JWKSTimeout)
    return new CompanionSiteError('timeout', 'the key set did not arrive in time', undefined, { cause });
  if (cause instanceof TypeError) return new CompanionSiteError('unreachable', 'the key set could not be fetched', undefined, { cause });
  return new CompanionSiteError(
    'token_invalid',
    'the login token failed the offline check (signature, issuer, audience or expiry)',
    undefined,
    { cause },
  );
}
