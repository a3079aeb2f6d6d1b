import { randomBytes } from 'node:crypto';
import type { AppendGrantBody, AppendGrantReply } from '@pkc/shared';
import { ApiError } from '../errors.ts';
import type { RateLimit } from '../http/tokenBuckets.ts';
import type { RateBuckets, SharedState, SingleUseEntries } from '../sharedState/SharedState.ts';

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
 * Append grants in the shared state (memory for one server, PostgreSQL for several), one
 * bounded scope per site: a partner minting grants by the hundred thousand pushes out only its
 * own (security review round 2, finding 9). Mints are rate limited per site across servers.
 */
export class AppendGrants {
  private readonly grants: SingleUseEntries<AppendGrant>;
  private readonly mints: RateBuckets;

  constructor(shared: SharedState, limits: GrantLimits = DEFAULT_GRANT_LIMITS) {
    this.grants = shared.singleUse<AppendGrant>('grant', GRANT_TTL_MS, limits.outstandingPerSite);
    this.mints = shared.rateBuckets('grant-mints', limits.mintsPerSite, 10_000);
  }

  async mint(siteId: string, body: AppendGrantBody): Promise<AppendGrantReply> {
    if ((await this.mints.take(siteId)) !== 0) throw new ApiError('rate_limited', 'too many append grants for this site; retry later');
    const grant = randomBytes(32).toString('base64url');
    const expiresAt = await this.grants.put(
      grant,
      { siteId, userId: body.userId, username: body.username, displayName: body.displayName ?? body.username },
      siteId,
    );
    return { grant, expiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * Takes the grant out whatever happens next: call it before any other check, so a grant
   * presented at the wrong site or origin is burnt too (a leaked grant is used once at most).
   */
  take(grant: string): Promise<AppendGrant | undefined> {
    return this.grants.take(grant);
  }
}

/** The taken grant when it is this site's; grant_invalid otherwise (unknown, used, expired or another site's). */
export function requireGrantFor(taken: AppendGrant | undefined, siteId: string): AppendGrant {
  if (!taken || taken.siteId !== siteId) {
    throw new ApiError('grant_invalid', 'the append grant is unknown, used, expired or for another site');
  }
  return taken;
}
