import {
  appendGrantReplySchema,
  errorBodySchema,
  loginTokenClaimsSchema,
  tokenVerifyReplySchema,
  type AppendGrantBody,
  type TokenVerifyReply,
} from '@pkc/shared';
import { createRemoteJWKSet, jwtVerify } from 'jose';

/**
 * The two backend hooks a partner site adds (CONTRACT.md, site-owner API). This file is
 * the reference integration: a site owner can read it top to bottom.
 */
export interface CompanionIntegration {
  /** The companion server's public URL: the `iss` of its login tokens. */
  companionUrl: string;
  siteId: string;
  /** Site secret from `npm run site -- add`; keep it on the backend only. */
  secret: string;
}

export class CompanionHookError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const HOOK_TIMEOUT_MS = 3_000;

export function createCompanionHooks(integration: CompanionIntegration) {
  const base = integration.companionUrl.replace(/\/$/, '');
  const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));

  async function post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${base}/v1/sites/${integration.siteId}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${integration.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(HOOK_TIMEOUT_MS),
    });
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(json);
      const code = parsed.success ? parsed.data.error.code : 'companion_error';
      throw new CompanionHookError(code, `companion server answered ${response.status} (${code})`);
    }
    return json;
  }

  return {
    /**
     * Hook 1 — right after the site's own password check succeeded: mint a single-use,
     * short-lived grant that lets this user append a passkey. Put it in the next page as
     * `<meta name="passkey-companion-append-grant" content="...">`.
     */
    async mintAppendGrant(user: AppendGrantBody): Promise<string> {
      const reply = appendGrantReplySchema.parse(await post('/append-grants', user));
      return reply.grant;
    },

    /**
     * Hook 2 — at the login callback: check the token's signature, issuer, audience and expiry
     * offline with the JWKS, then redeem it once at the verify endpoint (single use, so a token
     * copied out of a browser history cannot be replayed), with this browser's login nonce
     * cookie, so a token made in another browser is refused (login CSRF).
     */
    async verifyLoginToken(token: string, nonce: string): Promise<TokenVerifyReply> {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: integration.companionUrl,
          audience: integration.siteId,
          algorithms: ['ES256'],
        });
        loginTokenClaimsSchema.parse(payload);
      } catch (cause) {
        throw new CompanionHookError('token_invalid', 'login token failed offline verification', { cause });
      }
      return tokenVerifyReplySchema.parse(await post('/login-tokens/verify', { token, nonce }));
    },
  };
}

export type CompanionHooks = ReturnType<typeof createCompanionHooks>;
