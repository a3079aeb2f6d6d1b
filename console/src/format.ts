/*
 * How numbers and times read on the page. Counts are plain digits: the end-to-end tests read
 * them back exactly, and "1,234" would parse differently across locales.
 */

export function formatCount(count: number): string {
  return String(count);
}

/** A share 0–1 as a whole percentage; "—" when there is nothing to share. */
export function formatShare(share: number | null): string {
  if (share === null) return '—';
  return `${Math.round(share * 100)}%`;
}

/** A server timestamp (ISO 8601) in the reader's own time zone and language. */
export function formatMoment(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return moment.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
