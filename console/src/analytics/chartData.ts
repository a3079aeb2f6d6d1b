import type { SiteStatsReply } from '@pkc/shared';

/** The per-day lines of the analytics chart, in legend order. */
export const CHART_SERIES = [
  { counter: 'passkeyLoginsSucceeded', label: 'Passkey logins', color: '#1a7f37', dash: undefined },
  { counter: 'passkeyLoginsFailed', label: 'Passkey failures', color: '#cf222e', dash: [6, 4] },
  { counter: 'fallbacksToPassword', label: 'Fallbacks to password', color: '#9a6700', dash: [2, 3] },
  { counter: 'appendCreated', label: 'Passkeys created', color: '#0969da', dash: [10, 3, 2, 3] },
] as const;

/**
 * uPlot's aligned data: x is each day's UTC midnight in seconds (uPlot's time unit), then one
 * array per counter with that day's count (0 where the server left the counter out).
 */
export type ChartData = [x: number[], ...lines: number[][]];

export function chartData(days: SiteStatsReply['days'], counters: readonly string[]): ChartData {
  const x = days.map((entry) => Date.parse(`${entry.day}T00:00:00Z`) / 1000);
  return [x, ...counters.map((counter) => days.map((entry) => entry.counts[counter] ?? 0))];
}
