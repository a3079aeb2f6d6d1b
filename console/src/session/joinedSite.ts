import type { ConsoleSiteSummary } from '@pkc/shared';

/**
 * The site an enrolment or accepted invite just added: the session reply doesn't say which, so
 * it is the one that wasn't there before (or, failing that, the only one with the invite's name).
 */
export function joinedSite(
  before: readonly ConsoleSiteSummary[],
  after: readonly ConsoleSiteSummary[],
  siteName: string,
): string | undefined {
  const known = new Set(before.map((site) => site.siteId));
  const added = after.filter((site) => !known.has(site.siteId));
  if (added.length === 1) return added[0]?.siteId;
  const named = after.filter((site) => site.name === siteName);
  return named.length === 1 ? named[0]?.siteId : undefined;
}
