import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { LOGIN_NONCE_COOKIE } from '@pkc/shared';
import { readCookie } from './sessions.ts';

/*
 * Binding a passkey login to the browser that ran it (login CSRF, security review round 2,
 * finding 1). Every page a login can start on carries a random nonce cookie; the extension
 * passes it into the passkey login, the companion writes it into the login token, and the
 * login callback hands this browser's cookie to the verify endpoint, which refuses a token
 * made in another browser. Not HttpOnly: the extension reads it from the page.
 */

export function loginNonceOf(req: Request): string | undefined {
  return readCookie(req.headers.cookie, LOGIN_NONCE_COOKIE);
}

/** Sets the nonce cookie on page loads that don't have one yet. */
export function loginNonceCookie(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' && loginNonceOf(req) === undefined) {
    res.append('set-cookie', `${LOGIN_NONCE_COOKIE}=${randomBytes(24).toString('base64url')}; SameSite=Lax; Path=/`);
  }
  next();
}

/**
 * A POST another site made this browser send (an auto-submitting form on an attacker's page):
 * the extension's own post comes from this site's page. `Sec-Fetch-Site` where the browser
 * sends it, else `Origin`.
 */
export function isCrossSitePost(req: Request, ownOrigin: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'same-site';
  const origin = req.headers.origin;
  return origin !== undefined && origin !== ownOrigin;
}
