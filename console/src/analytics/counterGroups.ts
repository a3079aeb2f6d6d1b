import { appendVariantSchema, loginDecisionSchema } from '@pkc/shared';
import { DECISION_LABELS, REASON_LABELS, VARIANT_LABELS, counterLabel, labelFor } from './counterLabels.ts';

/*
 * The stats reply's totals are one flat map of counter names (the server leaves out zeros
 * beyond its five named ones). This sorts them into the page's sections: each counter lands
 * in one section, and where a number shows twice (a headline number again in the funnel) only
 * its first appearance carries the test id the end-to-end tests read.
 */

export interface CounterRow {
  counter: string;
  label: string;
  count: number;
  /** `console-count-<counter>` where the counter appears first; undefined where it repeats. */
  testId: string | undefined;
}

export const APPEND_OUTCOMES = ['appendOffered', 'appendCreated', 'appendSkipped', 'appendNever', 'appendFailed'] as const;
export type AppendOutcome = (typeof APPEND_OUTCOMES)[number];

export interface VariantRow {
  variant: string;
  label: string;
  outcomes: Record<AppendOutcome, CounterRow>;
}

export interface CounterGroups {
  headline: CounterRow[];
  funnel: { logins: CounterRow[]; offers: CounterRow[] };
  /** `decision:<kind>`: every kind, zero included. */
  decisions: CounterRow[];
  /** `reason:<code>`, `loginFailed:<Name>`: only those that happened, most first. */
  reasons: CounterRow[];
  failures: CounterRow[];
  /** Offers and their outcomes by variant: every known variant, zero included. */
  variants: VariantRow[];
  /** Each offer outcome over all variants. */
  appendTotals: Record<AppendOutcome, CounterRow>;
  activity: CounterRow[];
  /** Counters this page has no section for (newer than the page): shown rather than hidden. */
  other: CounterRow[];
}

export const HEADLINE_COUNTERS = ['passkeyLoginsSucceeded', 'passkeyLoginsFailed', 'fallbacksToPassword', 'appendOffered', 'appendCreated'];
/** The login funnel: identifier entered → passkey prompt → success. */
export const LOGIN_FUNNEL = ['identifiersSeen', 'passkeyLoginsStarted', 'passkeyLoginsSucceeded'];
export const OFFER_FUNNEL = ['appendOffered', 'appendCreated'];
const ACTIVITY = ['passwordLogins', 'hybridLogins', 'healsCompleted', 'immediateNoneHere'];

export function groupCounters(totals: Readonly<Record<string, number>>): CounterGroups {
  const shown = new Set<string>();
  const row = (counter: string, label = counterLabel(counter)): CounterRow => {
    const first = !shown.has(counter);
    shown.add(counter);
    return { counter, label, count: totals[counter] ?? 0, testId: first ? `console-count-${counter}` : undefined };
  };
  const named = Object.keys(totals);
  const suffixes = (prefix: string) => named.filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
  const mostFirst = (rows: CounterRow[]) => rows.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));

  const decisionKinds = unique([...loginDecisionSchema.options, ...suffixes('decision:')]);
  const variantNames = unique([...appendVariantSchema.options, ...APPEND_OUTCOMES.flatMap((outcome) => suffixes(`${outcome}:`))]);

  // Sections claim their counters in page order: the first claim carries the test id.
  const headline = HEADLINE_COUNTERS.map((counter) => row(counter));
  const funnel = { logins: LOGIN_FUNNEL.map((counter) => row(counter)), offers: OFFER_FUNNEL.map((counter) => row(counter)) };
  const decisions = decisionKinds.map((kind) => row(`decision:${kind}`, labelFor(DECISION_LABELS, kind)));
  const reasons = mostFirst(suffixes('reason:').map((code) => row(`reason:${code}`, labelFor(REASON_LABELS, code))));
  const failures = mostFirst(suffixes('loginFailed:').map((name) => row(`loginFailed:${name}`, name)));
  const variants = variantNames.map((variant) => ({
    variant,
    label: labelFor(VARIANT_LABELS, variant),
    outcomes: outcomesOf((outcome) => row(`${outcome}:${variant}`)),
  }));
  const appendTotals = outcomesOf((outcome) => row(outcome));
  const activity = ACTIVITY.map((counter) => row(counter));
  const other = named
    .filter((name) => !shown.has(name))
    .sort()
    .map((name) => row(name));
  return { headline, funnel, decisions, reasons, failures, variants, appendTotals, activity, other };
}

function outcomesOf(row: (outcome: AppendOutcome) => CounterRow): Record<AppendOutcome, CounterRow> {
  return {
    appendOffered: row('appendOffered'),
    appendCreated: row('appendCreated'),
    appendSkipped: row('appendSkipped'),
    appendNever: row('appendNever'),
    appendFailed: row('appendFailed'),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
