import type { Partner } from '@pkc/shared';
import type { AppendDeclines } from '../../background/appendDeclines.ts';
import type { LastDecision } from '../../background/lastDecisions.ts';
import { partnerForOrigin, type PartnerCache } from '../../background/partners.ts';
import type { TestSignalOverride } from '../../background/testSignalOverride.ts';
import { appendState, type AppendState } from './appendState.ts';
import { webOriginOf } from '../../webOrigin.ts';

/** What the popup shows, computed from plain data (the popup itself does no network I/O). */
export interface PopupModel {
  serverUrl: string;
  server: { status: 'connected'; checkedAt: number } | { status: 'unreachable' } | { status: 'unknown' };
  site: { kind: 'partner'; partner: Partner; origin: string } | { kind: 'not-partner'; origin: string | undefined };
  lastDecision: LastDecision | undefined;
  /** Only for partner sites. */
  appendState: AppendState | undefined;
  /** Set while the test-only signal override is active: the popup warns about it. */
  signalOverride: TestSignalOverride | undefined;
}

export function popupModel(input: {
  tabUrl: string | undefined;
  serverUrl: string;
  cache: PartnerCache | undefined;
  lastDecisionFor: (siteId: string) => LastDecision | undefined;
  declinesFor?: (siteId: string) => AppendDeclines | undefined;
  signalOverride?: TestSignalOverride | undefined;
}): PopupModel {
  const cache = input.cache?.serverUrl === input.serverUrl ? input.cache : undefined;
  const server: PopupModel['server'] =
    cache === undefined
      ? { status: 'unknown' }
      : cache.fetchedAt > 0
        ? { status: 'connected', checkedAt: cache.fetchedAt }
        : { status: 'unreachable' };
  const origin = webOriginOf(input.tabUrl);
  const partner = origin === undefined || cache === undefined ? undefined : partnerForOrigin(cache.partners, origin);
  const declines = partner === undefined ? undefined : (input.declinesFor?.(partner.siteId) ?? { skips: [] });
  return {
    serverUrl: input.serverUrl,
    server,
    site: partner === undefined || origin === undefined ? { kind: 'not-partner', origin } : { kind: 'partner', partner, origin },
    lastDecision: partner === undefined ? undefined : input.lastDecisionFor(partner.siteId),
    appendState: declines === undefined ? undefined : appendState(declines),
    signalOverride: input.signalOverride,
  };
}

/** `popup.html?tab=<tabId>` shows the popup about that tab (e2e harness; also works in a tab). */
export function tabIdFromSearch(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}

export function describeDecision(decision: LastDecision): string {
  switch (decision.kind) {
    case 'login':
      return decision.decision === 'password'
        ? 'Last sign-in: left to your password'
        : decision.decision === 'hybrid'
          ? 'Last sign-in: passkey from your phone'
          : 'Last sign-in: passkey on this device';
    case 'append':
      return decision.decision === 'offer' ? 'Last offer: create a passkey' : 'Last offer: none';
    default: {
      const unreachable: never = decision;
      return unreachable;
    }
  }
}
