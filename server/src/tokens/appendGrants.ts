import { randomBytes } from 'node:crypto';
import type { AppendGrantBody, AppendGrantReply } from '@pkc/shared';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { ExpiringMap } from '../expiringMap.ts';

/** ARCHITECTURE §2: ≤ 5 min, single use, bound to site + site user id + username. */
export const GRANT_TTL_MS = 5 * 60_000;

export interface AppendGrant {
  siteId: string;
  userId: string;
  username: string;
  displayName: string;
}

export class AppendGrants {
  private readonly grants: ExpiringMap<AppendGrant>;

  constructor(private readonly clock: Clock) {
    this.grants = new ExpiringMap(clock, GRANT_TTL_MS);
  }

  mint(siteId: string, body: AppendGrantBody): AppendGrantReply {
    const grant = randomBytes(32).toString('base64url');
    const expiresAt = this.grants.set(grant, {
      siteId,
      userId: body.userId,
      username: body.username,
      displayName: body.displayName ?? body.username,
    });
    return { grant, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Consumes the grant even when it belongs to another site: a leaked grant is burnt either way. */
  redeem(grant: string, siteId: string): AppendGrant {
    const found = this.grants.take(grant);
    if (!found || found.siteId !== siteId) {
      throw new ApiError('grant_invalid', 'the append grant is unknown, used, expired or for another site');
    }
    return found;
  }
}
