import type { Request, RequestHandler } from 'express';
import { ApiError } from '../errors.ts';
import { normalizeUsername } from '../store/Store.ts';
import type { SharedState } from '../sharedState/SharedState.ts';
import type { RateLimit } from './tokenBuckets.ts';

export interface RateLimits {
  /** Every limited endpoint together, per client IP. */
  perIp: RateLimit;
  /**
   * login/start per site + username *from one client IP*, whether or not that user exists (no
   * oracle): a caller elsewhere can't spend the person's budget (security review round 2, finding 4).
   */
  perIdentifier: RateLimit;
  /** login/start per site + username from all IPs together: the much higher ceiling of a spread-out guesser. */
  perIdentifierAllIps: RateLimit;
  /** Bound on remembered keys per limiter. */
  maxKeys: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perIp: { capacity: 60, windowMs: 60_000 },
  perIdentifier: { capacity: 10, windowMs: 60_000 },
  perIdentifierAllIps: { capacity: 300, windowMs: 60_000 },
  maxKeys: 10_000,
};

/**
 * Rate limits the intelligence (login/start, append/start) and ceremony finish endpoints
 * (ARCHITECTURE §2: the intelligence endpoint must not become an enumeration oracle). Runs
 * after JSON parsing and before validation, so garbage counts too. A limited request gets
 * 429 `rate_limited` with Retry-After (seconds); the reply never depends on the user.
 */
export function rateLimiter(shared: SharedState, limits: RateLimits): RequestHandler {
  const perIp = shared.rateBuckets('ip', limits.perIp, limits.maxKeys);
  const perIdentifier = shared.rateBuckets('ip-username', limits.perIdentifier, limits.maxKeys);
  const perIdentifierAllIps = shared.rateBuckets('username', limits.perIdentifierAllIps, limits.maxKeys);
  return async (req, res, next) => {
    const identifier = identifierKey(req);
    const ip = clientIp(req);
    const waitMs = await shared.takeInOrder([
      [perIp, ip],
      ...(identifier === undefined
        ? []
        : ([
            [perIdentifier, `${ip}\n${identifier}`],
            [perIdentifierAllIps, identifier],
          ] as const)),
    ]);
    if (waitMs === 0) {
      next();
      return;
    }
    res.set('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
    next(new ApiError('rate_limited', 'too many requests; retry later'));
  };
}

/** The peer's address, or with `trust proxy` set (TRUST_PROXY) the client's as the proxy reports it. */
function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** The store's username normalization, so case tricks do not multiply the budget. */
function identifierKey(req: Request): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const siteId = 'siteId' in body ? body.siteId : undefined;
  const username = 'username' in body ? body.username : undefined;
  if (typeof siteId !== 'string' || typeof username !== 'string') return undefined;
  return `${siteId.slice(0, 64)}\n${normalizeUsername(username).slice(0, 256)}`;
}
