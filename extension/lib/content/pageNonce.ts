import { LOGIN_NONCE_COOKIE, loginNonceSchema } from '@pkc/shared';

/**
 * The partner's login nonce, from its cookie (README "How a site integrates"): readable by the
 * page's own scripts too, which is fine, since what it proves is which browser ran the passkey
 * login, not a secret from that page. Anything not shaped like a nonce counts as none.
 */
export function readPageNonce(cookies: string): string | undefined {
  for (const pair of cookies.split(';')) {
    const at = pair.indexOf('=');
    if (at === -1 || pair.slice(0, at).trim() !== LOGIN_NONCE_COOKIE) continue;
    const parsed = loginNonceSchema.safeParse(decodeURIComponent(pair.slice(at + 1).trim()));
    return parsed.success ? parsed.data : undefined;
  }
  return undefined;
}
