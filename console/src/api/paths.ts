import type { SiteStatsQuery } from '@pkc/shared';

/*
 * The console API's paths, built in one place so an id is always escaped and the CSV link and
 * the stats call can't disagree on the query.
 */

export const CONSOLE_API = '/v1/console';

export function sitePath(siteId: string, rest = ''): string {
  return `${CONSOLE_API}/sites/${encodeURIComponent(siteId)}${rest}`;
}

export function rangeQuery(range: SiteStatsQuery): string {
  return new URLSearchParams({ from: range.from, to: range.to }).toString();
}

/** A plain link: the session cookie goes with it and the server names the download. */
export function statsCsvHref(siteId: string, range: SiteStatsQuery): string {
  return `${sitePath(siteId, '/stats.csv')}?${rangeQuery(range)}`;
}
