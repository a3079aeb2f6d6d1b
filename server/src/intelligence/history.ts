import type { HistoryEvent, SitePolicy } from './types.ts';

/*
 * What the bounded per-user history says about one device. Events may arrive in any
 * order; every function sorts its own copy. Only this device's events count: a skip on the
 * laptop says nothing about the phone.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The page aborting its own ceremony (AbortError) is not a passkey problem; every other
 * error (NotAllowedError covers both "cancelled" and "no passkey found", deliberately
 * indistinguishable) counts toward healing (seed 003 step 3).
 */
const countsAsFailure = (event: HistoryEvent) =>
  event.type === 'login-failure' && event.errorName !== 'AbortError' && event.errorName !== IMMEDIATE_NONE;

/**
 * The outcome of an immediate-mode check that found no passkey here (recorded as a login
 * failure with this name): what the engine learns for the device, never a failure toward heal.
 */
export const IMMEDIATE_NONE = 'ImmediateNone';

function eventsOnDevice(history: readonly HistoryEvent[], devicePseudonym: string): HistoryEvent[] {
  return history.filter((e) => e.devicePseudonym === devicePseudonym).sort((a, b) => a.at - b.at);
}

/** This device's events after its last fresh start: a passkey success or a newly created passkey. */
function sinceFreshStart(history: readonly HistoryEvent[], devicePseudonym: string): HistoryEvent[] {
  const events = eventsOnDevice(history, devicePseudonym);
  let start = 0;
  events.forEach((e, i) => {
    switch (e.type) {
      case 'login-success':
      case 'append-create':
        start = i + 1;
        break;
      case 'login-failure':
      case 'append-offer':
      case 'append-skip':
      case 'append-never':
        break;
      default: {
        const unreachable: never = e.type;
        throw new Error(`unhandled history event ${String(unreachable)}`);
      }
    }
  });
  return events.slice(start);
}

/**
 * Failures older than this no longer count (issue 18): what caused them is often gone by
 * then (a password manager logged back in, two prompts cancelled in a hurry), and without a
 * new passkey or a success nothing else would ever let the device try again. One more try
 * costs at most `failureThreshold` failed prompts every two months on a device that stays broken.
 */
export const FAILURE_MEMORY_DAYS = 60;

/** Passkey failures on this device in the last FAILURE_MEMORY_DAYS, with no success (or new passkey) since. */
export function failuresSinceSuccess(history: readonly HistoryEvent[], devicePseudonym: string, now: number): number {
  const since = now - FAILURE_MEMORY_DAYS * DAY_MS;
  return sinceFreshStart(history, devicePseudonym).filter((e) => countsAsFailure(e) && e.at >= since).length;
}

/** An immediate check found no passkey on this device since its last fresh start (within FAILURE_MEMORY_DAYS). */
export function immediateFoundNoneHere(history: readonly HistoryEvent[], devicePseudonym: string, now: number): boolean {
  const since = now - FAILURE_MEMORY_DAYS * DAY_MS;
  return sinceFreshStart(history, devicePseudonym).some(
    (e) => e.type === 'login-failure' && e.errorName === IMMEDIATE_NONE && e.at >= since,
  );
}

export function passkeyBrokenHere(history: readonly HistoryEvent[], devicePseudonym: string, policy: SitePolicy, now: number): boolean {
  return failuresSinceSuccess(history, devicePseudonym, now) >= policy.failureThreshold;
}

/**
 * Epoch ms until which offers are held back on this device, or undefined. Every
 * `skips`-th skip starts a back-off of `days` days from that skip; skips made during a
 * back-off (none normally, no offer is shown) don't count toward the next one.
 */
export function skipBackoffUntil(history: readonly HistoryEvent[], devicePseudonym: string, policy: SitePolicy): number | undefined {
  const { skips, days } = policy.skipBackoff;
  let streak = 0;
  let until: number | undefined;
  for (const e of sinceFreshStart(history, devicePseudonym)) {
    if (e.type !== 'append-skip') continue;
    if (until !== undefined && e.at < until) continue;
    streak += 1;
    if (streak >= skips) {
      until = e.at + days * DAY_MS;
      streak = 0;
    }
  }
  return until;
}

/** "Not on this device" holds for good unless the site policy gives it an expiry. */
export function saidNeverHere(history: readonly HistoryEvent[], devicePseudonym: string, policy: SitePolicy, now: number): boolean {
  const expiryMs = policy.neverOnDevice === undefined ? undefined : policy.neverOnDevice.days * DAY_MS;
  return sinceFreshStart(history, devicePseudonym).some(
    (e) => e.type === 'append-never' && (expiryMs === undefined || now < e.at + expiryMs),
  );
}
