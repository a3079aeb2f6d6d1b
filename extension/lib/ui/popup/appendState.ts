import type { AppendDeclines } from '../../background/appendDeclines.ts';

/**
 * What this device answered to passkey offers on one site, from its local record. Only the
 * answers: whether an offer comes back, and when, is the server's call (per site policy), and
 * the popup shows the server's own sentence for it (the last decision's reason).
 */
export type AppendState = { kind: 'none' } | { kind: 'never' } | { kind: 'skipped'; times: number };

export function appendState(declines: AppendDeclines): AppendState {
  if (declines.neverAt !== undefined) return { kind: 'never' };
  return declines.skips.length === 0 ? { kind: 'none' } : { kind: 'skipped', times: declines.skips.length };
}

export function describeAppendState(state: AppendState): string {
  switch (state.kind) {
    case 'none':
      return 'You haven’t turned down a passkey offer here.';
    case 'never':
      return 'Not on this device: you asked not to be offered a passkey here on this device.';
    case 'skipped':
      return `You chose “not now” ${state.times === 1 ? 'once' : `${state.times} times`} on this device.`;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}
