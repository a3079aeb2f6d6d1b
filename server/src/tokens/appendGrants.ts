import { randomBytes } from 'node:crypto';
import type { AppendGrantBody, AppendGrantReply } from '@pkc/shared';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { ExpiringMap } from '../expiringMap.ts';
import { TokenBuckets, type RateLimit } from '../http/tokenBuckets.ts';

/** ARCHITECTURE §2: ≤ 5 min, single use, bound to site + site user id + username. */
export const GRANT_TTL_MS = 5 * 60_000;

export interface AppendGrant {
  siteId: string;
  userId: string;
  username: string;
  displayName: string;
}

export interface GrantLimits {
  /** Outstanding grants a site may hold; past it, that site's oldest goes (never another site's). */
  outstandingPerSite: number;
  /** Mints per site (the site-owner API's hook 1), 429 `rate_limited` past it. */
  mintsPerSite: RateLimit;
}

/** 100 logins a second per site, sustained, and five minutes of them outstanding. */
export const DEFAULT_GRANT_LIMITS: GrantLimits = {
  outstandingPerSite: 30_000,
  mintsPerSite: { capacity: 6_000, windowMs: 60_000 },
};

/**
 * Append grants in memory, one bounded map per site: a partner minting grants by the
 * hundred thousand pushes out only its own (security review round 2, finding 9).
 */
export class AppendGrants {
  private readonly bySite = new Map<string, ExpiringMap<AppendGrant>>();
  /** Grant → site, so a grant can be found (and burnt) without knowing its site. */
  private readonly siteOf: ExpiringMap<string>;
  private readonly mints: TokenBuckets;

  constructor(
    private readonly clock: Clock,
    private readonly limits: GrantLimits = DEFAULT_GRANT_LIMITS,
  ) {
    this.siteOf = new ExpiringMap(clock, GRANT_TTL_MS, Number.MAX_SAFE_INTEGER);
    this.mints = new TokenBuckets(clock, limits.mintsPerSite);
  }

  mint(siteId: string, body: AppendGrantBody): AppendGrantReply {
    if (this.mints.take(siteId) !== 0) throw new ApiError('rate_limited', 'too many append grants for this site; retry later');
    let grants = this.bySite.get(siteId);
    if (!grants) {
      grants = new ExpiringMap(this.clock, GRANT_TTL_MS, this.limits.outstandingPerSite);
      this.bySite.set(siteId, grants);
    }
    const grant = randomBytes(32).toString('base64url');
    const expiresAt = grants.set(grant, {
      siteId,
      userId: body.userId,
      username: body.username,
      displayName: body.displayName ?? body.username,
    });
    this.siteOf.set(grant, siteId);
    return { grant, expiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * Takes the grant out whatever happens next: call it before any other check, so a grant
   * presented at the wrong site or origin is burnt too (a leaked grant is used once at most).
   */
  take(grant: string): AppendGrant | undefined {
    const siteId = this.siteOf.take(grant);
    return siteId === undefined ? undefined : this.bySite.get(siteId)?.take(grant);
  }
}

/** The taken grant when it is this site's; grant_invalid otherwise (unknown, used, expired or another site's). */
export function requireGrantFor(taken: AppendGrant | undefined, siteId: string): AppendGrant {
  if (!taken || taken.siteId !== siteId) {
    throw new ApiError('grant_invalid', 'the append grant is unknown, used, expired or for another site');
  }
  return taken;
}
