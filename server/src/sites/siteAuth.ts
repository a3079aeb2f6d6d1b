import type { RequestHandler, Request } from 'express';
import { siteIdSchema } from '@pkc/shared';
import { ApiError } from '../errors.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/Store.ts';
import type { SiteRecord } from '../store/records.ts';
import { secretMatches } from './secrets.ts';

/** Where the bearer middleware leaves the authenticated site for the route. */
const authenticatedSites = new WeakMap<Request, SiteRecord>();

export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_\-.~+/=]{1,512})$/.exec(req.get('authorization') ?? '');
  return match?.[1];
}

/**
 * Site-owner API auth: `Authorization: Bearer <site secret>` for the `:siteId` in the path.
 * Unknown site, missing or wrong secret all answer the same 401, so the endpoint does not
 * reveal which site ids exist.
 */
export function siteSecretAuth(store: Store, clock: Clock): RequestHandler {
  // The secret, or during a rotation's overlap window the one before it.
  const accepted = (token: string, site: SiteRecord) =>
    secretMatches(token, site.secretHash) ||
    (site.previousSecret !== undefined &&
      clock.now() < Date.parse(site.previousSecret.until) &&
      secretMatches(token, site.previousSecret.secretHash));
  return async (req, _res, next) => {
    const siteId = req.params['siteId'];
    const token = bearerToken(req);
    const parsed = siteIdSchema.safeParse(siteId);
    const site = parsed.success ? await store.getSite(parsed.data) : undefined;
    if (!site || token === undefined || !accepted(token, site)) {
      throw new ApiError('unauthorized', 'missing or wrong site secret');
    }
    authenticatedSites.set(req, site);
    next();
  };
}

export function authenticatedSite(req: Request): SiteRecord {
  const site = authenticatedSites.get(req);
  if (!site) throw new ApiError('internal', 'route mounted without site authentication');
  return site;
}
