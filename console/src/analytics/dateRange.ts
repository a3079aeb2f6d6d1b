import { siteStatsQuerySchema, statsDaySchema, type SiteStatsQuery } from '@pkc/shared';
import { fieldErrorsFrom, type FieldErrors } from '../forms/fieldErrors.ts';

/*
 * The analytics page's date range: whole UTC days, both ends included, as the server counts
 * them (GET …/stats?from&to).
 */

const DAY_MS = 86_400_000;
export const RANGE_PRESETS = [7, 30, 90] as const;
export const DEFAULT_RANGE_DAYS = 30;
export const RANGE_FIELDS = ['from', 'to'] as const;

export function utcDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** The `days` days ending with `lastDay`, both included: 7 days ending on the 10th start on the 4th. */
export function rangeEndingOn(lastDay: string, days: number): SiteStatsQuery {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return { from: utcDay(new Date(end - (days - 1) * DAY_MS)), to: lastDay };
}

export type RangeCheck = { ok: true; range: SiteStatsQuery } | { ok: false; errors: FieldErrors };

/**
 * Each day on its own first, then the pair (from ≤ to, at most 366 days) with the server's own
 * schema: a half-typed day would otherwise also fail the pair's checks with a misleading message.
 */
export function checkRange(draft: { from: string; to: string }): RangeCheck {
  const errors: FieldErrors = {};
  for (const field of RANGE_FIELDS) {
    const day = statsDaySchema.safeParse(draft[field]);
    if (!day.success) errors[field] = draft[field] === '' ? 'enter a day' : (day.error.issues[0]?.message ?? 'not a day');
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const pair = siteStatsQuerySchema.safeParse(draft);
  if (pair.success) return { ok: true, range: pair.data };
  return { ok: false, errors: fieldErrorsFrom(pair.error.issues, RANGE_FIELDS, draft).fields };
}
