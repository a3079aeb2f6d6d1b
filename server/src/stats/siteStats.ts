import type { SiteStatsQuery, SiteStatsReply } from '@pkc/shared';
import { addCounts, type Store } from '../store/Store.ts';
import type { SiteCounters } from './siteCounters.ts';

/** The counters every stats reply names, zero or not (the site-owner API's promise). */
export const NAMED_COUNTERS = [
  'passkeyLoginsSucceeded',
  'passkeyLoginsFailed',
  'appendOffered',
  'appendCreated',
  'fallbacksToPassword',
] as const;

/** Every day from `from` to `to`, inclusive (YYYY-MM-DD, UTC). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    days.push(new Date(ms).toISOString().slice(0, 10));
  }
  return days;
}

function withNamed(counts: Readonly<Record<string, number>>): SiteStatsReply['totals'] {
  return { ...Object.fromEntries(NAMED_COUNTERS.map((name) => [name, 0])), ...counts } as SiteStatsReply['totals'];
}

/** The site's counters over the range: this server's pending counts first written, every day present. */
export async function siteStats(store: Store, counters: SiteCounters, siteId: string, query: SiteStatsQuery): Promise<SiteStatsReply> {
  await counters.flush();
  const byDay = await store.readCounters(siteId, query.from, query.to);
  const days = daysBetween(query.from, query.to).map((day) => ({ day, counts: withNamed(byDay[day] ?? {}) }));
  const totals = days.reduce<Record<string, number>>((sum, { counts }) => addCounts(sum, counts), {});
  return { from: query.from, to: query.to, totals: withNamed(totals), days };
}
