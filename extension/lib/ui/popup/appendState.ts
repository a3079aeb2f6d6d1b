import type { AppendDeclines } from '../../background/appendDeclines.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The server's default skip back-off (ARCHITECTURE §4 F6: 3 skips → 30 days). The server owns
 * the real rule, per site policy; the popup uses this copy only to word the local record.
 */
export const ASSUMED_SKIP_BACKOFF = { skips: 3, days: 30 } as const;

export type AppendState =
  | { kind: 'none' }
  | { kind: 'never' }
  | { kind: 'skipped'; times: number }
  | { kind: 'backed-off'; times: number; daysLeft: number };

/**
 * Where this device stands with append offers on one site, from its local record: every
 * `skips`-th skip starts a back-off of `days` days; skips during a back-off don't count.
 */
export function appendState(declines: AppendDeclines, now: number, backoff = ASSUMED_SKIP_BACKOFF): AppendState {
  if (declines.neverAt !== undefined) return { kind: 'never' };
  let count = 0;
  let until = 0;
  for (const at of [...declines.skips].sort((a, b) => a - b)) {
    if (at < until) continue;
    count += 1;
    if (count >= backoff.skips) {
      until = at + backoff.days * DAY_MS;
      if (until > now) return { kind: 'backed-off', times: count, daysLeft: Math.max(1, Math.ceil((until - now) / DAY_MS)) };
      count = 0;
    }
  }
  return count === 0 ? { kind: 'none' } : { kind: 'skipped', times: count };
}

export function describeAppendState(state: AppendState): string {
  switch (state.kind) {
    case 'none':
      return 'You haven’t turned down a passkey offer here.';
    case 'never':
      return 'Not on this device: you asked not to be offered a passkey here on this device.';
    case 'skipped':
      return `You chose not now ${times(state.times)}.`;
    case 'backed-off':
      return `You chose not now ${times(state.times)}; we’ll ask again in ${state.daysLeft} ${state.daysLeft === 1 ? 'day' : 'days'}.`;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}
