import type { ConsoleStatsReply, CredentialSummaryReply, SiteStatsQuery, SiteStatsReply } from '@pkc/shared';
import { providerFor, UNKNOWN_PROVIDER } from '../intelligence/providers.ts';
import type { SiteCounters } from '../stats/siteCounters.ts';
import { NAMED_COUNTERS, siteStats } from '../stats/siteStats.ts';
import type { CredentialSummary } from '../store/records.ts';
import type { Store } from '../store/Store.ts';

const OS_NAMES: Record<string, string> = {
  windows: 'Windows',
  macos: 'macOS',
  linux: 'Linux',
  chromeos: 'ChromeOS',
  android: 'Android',
  ios: 'iOS',
  other: 'Other OS',
};

/** `macos:desktop` → "macOS desktop". */
export function platformName(key: string): string {
  const [os = 'other', form = 'desktop'] = key.split(':');
  return `${OS_NAMES[os] ?? OS_NAMES['other']} ${form === 'mobile' ? 'mobile' : 'desktop'}`;
}

/** Counts by display name, most first (names that tie in alphabetical order). */
function ranked(counts: Record<string, number>, nameOf: (key: string) => string): { name: string; count: number }[] {
  const byName = new Map<string, number>();
  for (const [key, count] of Object.entries(counts)) byName.set(nameOf(key), (byName.get(nameOf(key)) ?? 0) + count);
  return [...byName].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** The store's raw counts, named: AAGUIDs as their provider ("Other" for ones no list names). */
export function describeCredentials(summary: CredentialSummary): CredentialSummaryReply {
  return {
    usersWithPasskeys: summary.usersWithPasskeys,
    passkeys: summary.passkeys,
    byProvider: ranked(summary.byAaguid, (aaguid) => {
      const provider = providerFor(aaguid);
      return provider === UNKNOWN_PROVIDER ? 'Other' : provider.name;
    }),
    byPlatform: ranked(summary.byPlatform, platformName),
  };
}

/** The site's counters over the range, and what its passkeys are today. */
export async function consoleStats(
  store: Store,
  counters: SiteCounters,
  siteId: string,
  query: SiteStatsQuery,
): Promise<ConsoleStatsReply> {
  const [stats, summary] = await Promise.all([siteStats(store, counters, siteId, query), store.summarizeCredentials(siteId)]);
  return { ...stats, credentials: describeCredentials(summary) };
}

/**
 * One row per day, one column per counter (the five named ones first, then the rest in order),
 * and a last row of totals. Counter names start with a letter (records.ts counterNameSchema) and
 * every other cell is a number or a day, so no cell can start a spreadsheet formula.
 */
export function statsCsv(stats: SiteStatsReply): string {
  const named: readonly string[] = NAMED_COUNTERS;
  const rest = Object.keys(stats.totals)
    .filter((name) => !named.includes(name))
    .sort();
  const columns = [...named, ...rest];
  const row = (label: string, counts: Record<string, number>) => [label, ...columns.map((name) => String(counts[name] ?? 0))].join(',');
  return (
    [['day', ...columns].join(','), ...stats.days.map(({ day, counts }) => row(day, counts)), row('total', stats.totals)].join('\r\n') +
    '\r\n'
  );
}
