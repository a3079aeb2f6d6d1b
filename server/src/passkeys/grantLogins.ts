import { createHash } from 'node:crypto';
import type { SharedState, SingleUseEntries } from '../sharedState/SharedState.ts';
import { AppendGrants, DEFAULT_GRANT_LIMITS, GRANT_TTL_MS, type AppendGrant, type GrantLimits } from '../tokens/appendGrants.ts';

/**
 * Append grants that, once taken by append/start, still prove a recent login once more: to open
 * a manage session for the popup's "your passkeys" (issue 14, item 4).
 *
 * Why: the grant is what the partner's backend mints right after its own login (ARCHITECTURE §2,
 * identity path 1), and the extension uses it at once for the append decision. Minting a second
 * grant would need a change in every partner's backend; instead the taken grant is remembered
 * under its hash for GRANT_TTL_MS, and `takeLogin` hands it out exactly once (across servers:
 * shared state). The extension exchanges it right after append/start (messageRouter.ts), so a
 * grant that leaked from the page is worth as little afterwards as it was before: whoever
 * presents it first wins, once per purpose (adding a passkey; managing them).
 */
export class AppendGrantsRememberingLogins extends AppendGrants {
  private readonly logins: SingleUseEntries<AppendGrant>;

  constructor(shared: SharedState, limits: GrantLimits = DEFAULT_GRANT_LIMITS) {
    super(shared, limits);
    this.logins = shared.singleUse<AppendGrant>('grant-login', GRANT_TTL_MS, limits.outstandingPerSite);
  }

  override async take(grant: string): Promise<AppendGrant | undefined> {
    const taken = await super.take(grant);
    if (taken) await this.logins.put(grantKey(grant), taken, taken.siteId);
    return taken;
  }

  /** The login a grant proves, once: after append/start took it, or the grant itself if unused. */
  async takeLogin(grant: string): Promise<AppendGrant | undefined> {
    return (await this.logins.take(grantKey(grant))) ?? (await super.take(grant));
  }
}

/** The grant itself is a bearer secret: only its hash is kept once it has been used. */
function grantKey(grant: string): string {
  return createHash('sha256').update(grant).digest('base64url');
}
