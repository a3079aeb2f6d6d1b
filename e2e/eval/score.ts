/**
 * Scoring of the login-form detector over a labelled corpus, the way the corpus README asks:
 * per positive page, was the username field found, was the password field found; per negative
 * page, was nothing found. Pure, so it is unit-tested apart from the browser run.
 */

export interface PageOutcome {
  file: string;
  positive: boolean;
  /** Ground truth had a username / password element (identifier-first pages have no password). */
  hasUsername: boolean;
  hasPassword: boolean;
  usernameFound: boolean;
  passwordFound: boolean;
  /** The detector returned a detection at all. */
  detected: boolean;
  /** Time of one detection (snapshot + decision) on this page, in milliseconds. */
  ms: number;
}

export interface Figures {
  pages: number;
  usernameRecall: number;
  passwordRecall: number;
  negativesDetected: number;
  negatives: number;
  medianMs: number;
  worstMs: number;
}

export function scoreOutcomes(outcomes: readonly PageOutcome[]): Figures {
  const positives = outcomes.filter((o) => o.positive);
  const withUsername = positives.filter((o) => o.hasUsername);
  const withPassword = positives.filter((o) => o.hasPassword);
  const negatives = outcomes.filter((o) => !o.positive);
  const times = outcomes.map((o) => o.ms);
  return {
    pages: outcomes.length,
    usernameRecall: ratio(withUsername.filter((o) => o.usernameFound).length, withUsername.length),
    passwordRecall: ratio(withPassword.filter((o) => o.passwordFound).length, withPassword.length),
    negativesDetected: negatives.filter((o) => o.detected).length,
    negatives: negatives.length,
    medianMs: round(median(times)),
    worstMs: round(times.length === 0 ? 0 : Math.max(...times)),
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/**
 * Deterministic hold-out: about one page in three, chosen by a hash of the file name, is never
 * looked at while tuning; its figures are reported apart to show what carries over.
 */
export function isHeldOut(file: string): boolean {
  let hash = 2166136261;
  for (let i = 0; i < file.length; i++) {
    hash ^= file.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash % 3 === 0;
}

function ratio(found: number, total: number): number {
  return total === 0 ? 1 : round(found / total);
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
