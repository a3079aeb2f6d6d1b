import type { Partner } from '@pkc/shared';
import type { LastDecision } from '../../background/lastDecisions.ts';
import { partnerForOrigin, type PartnerCache } from '../../background/partners.ts';

/** What the popup shows, computed from plain data (the popup itself does no network I/O). */
export interface PopupModel {
  serverUrl: string;
  server: { status: 'connected'; checkedAt: number } | { status: 'unreachable' } | { status: 'unknown' };
  site: { kind: 'partner'; partner: Partner; origin: string } | { kind: 'not-partner'; origin: string | undefined };
  lastDecision: LastDecision | undefined;
}

export function popupModel(input: {
  tabUrl: string | undefined;
  serverUrl: string;
  cache: PartnerCache | undefined;
  lastDecisionFor: (siteId: string) => LastDecision | undefined;
}): PopupModel {
  const cache = input.cache?.serverUrl === input.serverUrl ? input.cache : undefined;
  const server: PopupModel['server'] =
    cache === undefined ? { status: 'unknown' } : cache.fetchedAt > 0 ? { status: 'connected', checkedAt: cache.fetchedAt } : { status: 'unreachable' };
  const origin = originOf(input.tabUrl);
  const partner = origin === undefined || cache === undefined ? undefined : partnerForOrigin(cache.partners, origin);
  return {
    serverUrl: input.serverUrl,
    server,
    site: partner === undefined || origin === undefined ? { kind: 'not-partner', origin } : { kind: 'partner', partner, origin },
    lastDecision: partner === undefined ? undefined : input.lastDecisionFor(partner.siteId),
  };
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
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
