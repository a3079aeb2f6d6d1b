import type { ClientSignals } from '@pkc/shared';
import { DEFAULT_POLICY, engineInputsFromRecords, type DecisionInput, type SitePolicy } from '../intelligence/index.ts';
import type { Store } from '../store/Store.ts';
import type { CredentialRecord, EventRecord, SiteRecord } from '../store/records.ts';

/*
 * The I/O half of Passkey Intelligence (ARCHITECTURE §5): load what is stored about a site
 * user, snapshot it into the engine's plain inputs. The decide functions stay pure.
 */

export interface UserRecords {
  credentials: CredentialRecord[];
  /** Oldest first, bounded per user by the store. */
  events: EventRecord[];
}

/**
 * An unknown user gets exactly the records of a known user without passkeys or history, so
 * the engine cannot tell them apart (no enumeration oracle, ARCHITECTURE §2).
 */
export async function loadUserRecords(
  store: Store,
  siteId: string,
  userId: string | undefined,
  options: { historyOnlyWithPasskeys?: boolean } = {},
): Promise<UserRecords> {
  if (userId === undefined) return { credentials: [], events: [] };
  const credentials = await store.listCredentials(siteId, userId);
  if (options.historyOnlyWithPasskeys === true && credentials.length === 0) return { credentials, events: [] };
  return { credentials, events: await store.listEvents(siteId, userId) };
}

/** The site's own tuning over the defaults (issue 3: "site policy can tune both"). */
export function sitePolicy(site: Pick<SiteRecord, 'policy'>): SitePolicy {
  const tuned = site.policy ?? {};
  return {
    failureThreshold: tuned.failureThreshold ?? DEFAULT_POLICY.failureThreshold,
    skipBackoff: tuned.skipBackoff ?? DEFAULT_POLICY.skipBackoff,
    ...(tuned.neverOnDeviceDays === undefined ? {} : { neverOnDevice: { days: tuned.neverOnDeviceDays } }),
  };
}

export function decisionInput(site: SiteRecord, client: ClientSignals, records: UserRecords, now: number): DecisionInput {
  const { credentials, history } = engineInputsFromRecords(records.credentials, records.events);
  return { client, credentials, history, policy: sitePolicy(site), now, siteName: site.name };
}
