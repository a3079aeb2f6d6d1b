import { isoAt, systemClock, type Clock } from '../clock.ts';
import type { AuditEntry } from '../store/records.ts';
import type { Store } from '../store/Store.ts';

/** Who changes a site's settings, for its audit list: the operator's CLI by default. */
export interface ChangeAuthor {
  actor?: string;
  clock?: Clock;
}

/** Adds a change to the site's audit list (never a secret in `detail`). */
export function recordChange(
  store: Store,
  siteId: string,
  action: AuditEntry['action'],
  author: ChangeAuthor = {},
  detail?: string,
): Promise<void> {
  return store.recordAudit({
    siteId,
    at: isoAt(author.clock ?? systemClock),
    actor: author.actor ?? 'operator',
    action,
    ...(detail === undefined ? {} : { detail: detail.slice(0, 1000) }),
  });
}
