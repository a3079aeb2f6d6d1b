import type { Clock } from '../clock.ts';
import { addCounts, type Store } from '../store/Store.ts';

/** How long counts wait in memory before they are added to the store together. */
export const COUNTER_FLUSH_MS = 1_000;

/** The UTC day of a moment, as counters are keyed (YYYY-MM-DD). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A site's aggregate counters as events happen (issue 15: what the site-owner console shows):
 * counts are gathered in memory and added to the store once a second, so a login pays no
 * store write for them. A failed write keeps the counts for the next one (nothing lost while
 * the server runs); a stop flushes them. Readers flush first, so this server's counts are exact.
 */
export class SiteCounters {
  private pending = new Map<string, Map<string, Record<string, number>>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly flushMs = COUNTER_FLUSH_MS,
  ) {}

  /** Adds one to each named counter of the site, today. */
  count(siteId: string, ...names: string[]): void {
    if (names.length === 0) return;
    const counts: Record<string, number> = {};
    for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
    this.add(siteId, dayOf(this.clock.now()), counts);
  }

  /** Adds what is pending to the store (one write per site and day). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writePending(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const taken = this.pending;
    this.pending = new Map();
    const failed: Array<[string, string, Record<string, number>]> = [];
    for (const [siteId, days] of taken) {
      for (const [day, counts] of days) {
        await this.store.addToCounters(siteId, day, counts).catch(() => failed.push([siteId, day, counts]));
      }
    }
    for (const [siteId, day, counts] of failed) this.add(siteId, day, counts);
    if (failed.length > 0) throw new Error(`${failed.length} counter writes failed; kept for the next flush`);
  }

  private add(siteId: string, day: string, counts: Readonly<Record<string, number>>): void {
    const days = this.pending.get(siteId) ?? new Map<string, Record<string, number>>();
    days.set(day, addCounts(days.get(day), counts));
    this.pending.set(siteId, days);
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.flushMs).unref();
  }
}
