import type { Request } from 'express';

/**
 * One cookie's value from the request's Cookie header (no cookie-parser: one cookie is all the
 * console reads). Two cookies of that name (one planted by a sibling subdomain for a narrower
 * path) are no cookie: which one is ours can't be told.
 */
export function readCookie(req: Request, name: string): string | undefined {
  const values = (req.get('cookie') ?? '').split(';').flatMap((pair) => {
    const at = pair.indexOf('=');
    return at > 0 && pair.slice(0, at).trim() === name ? [pair.slice(at + 1).trim()] : [];
  });
  return values.length === 1 ? values[0] : undefined;
}

/**
 * The console session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it, not even a link), Secure when the console is served over https, Path=/ so
 * both the page and /v1/console/ get it. `maxAgeSeconds` 0 deletes it.
 */
export function sessionCookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join(
    '; ',
  );
}
