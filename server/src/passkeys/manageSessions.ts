import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { SharedState, SingleUseEntries } from '../sharedState/SharedState.ts';

/**
 * How long a recent login lets the person see and remove their passkeys from the popup. Counted
 * from the grant's exchange (right after the login), never extended by use.
 */
export const MANAGE_SESSION_TTL_MS = 10 * 60_000;
/** Outstanding sessions per site in one server's memory; the oldest go first. */
const MAX_SESSIONS_PER_SITE = 30_000;

export interface ManageSession {
  siteId: string;
  userId: string;
  /** ms since the epoch: the first session's end, inherited by every successor. */
  expiresAt: number;
}

/**
 * Manage sessions for "your passkeys" (issue 14, item 4): bound to one site and one of its users,
 * single use (each list or delete consumes its session and answers with a successor that ends
 * when the first one does), shared by all servers (SharedState), so a replayed or stolen
 * session works at most once and never past the end of the login that opened it.
 */
export class ManageSessions {
  private readonly sessions: SingleUseEntries<ManageSession>;

  constructor(
    shared: SharedState,
    private readonly clock: Clock,
  ) {
    this.sessions = shared.singleUse<ManageSession>('manage-session', MANAGE_SESSION_TTL_MS, MAX_SESSIONS_PER_SITE);
  }

  open(siteId: string, userId: string): Promise<{ session: string; expiresAt: number }> {
    return this.issue({ siteId, userId, expiresAt: this.clock.now() + MANAGE_SESSION_TTL_MS });
  }

  /** Consumes the session, whatever happens next; manage_session_invalid unless it is this site's and live. */
  async take(session: string, siteId: string): Promise<ManageSession> {
    const taken = await this.sessions.take(session);
    if (!taken || taken.siteId !== siteId || taken.expiresAt <= this.clock.now()) {
      throw new ApiError('manage_session_invalid', 'the manage session is unknown, used, expired or for another site: sign in again');
    }
    return taken;
  }

  /** The next session of the same login: same site, user and end. */
  successor(session: ManageSession): Promise<{ session: string; expiresAt: number }> {
    return this.issue(session);
  }

  private async issue(value: ManageSession): Promise<{ session: string; expiresAt: number }> {
    const session = `mng_${randomBytes(32).toString('base64url')}`;
    await this.sessions.put(session, value, value.siteId);
    return { session, expiresAt: value.expiresAt };
  }
}
