import type { ClientSignals } from '@pkc/shared';
import { isoAt, type Clock } from '../clock.ts';
import type { Store } from '../store/Store.ts';
import type { EventType } from '../store/records.ts';

export async function recordEvent(
  deps: { store: Store; clock: Clock },
  event: { siteId: string; userId: string; type: EventType; client: ClientSignals; detail?: string },
): Promise<void> {
  await deps.store.recordEvent({
    siteId: event.siteId,
    userId: event.userId,
    type: event.type,
    devicePseudonym: event.client.devicePseudonym,
    at: isoAt(deps.clock),
    ...(event.detail === undefined ? {} : { detail: event.detail.slice(0, 200) }),
  });
}

export function deviceSeen(client: ClientSignals) {
  return { devicePseudonym: client.devicePseudonym, os: client.os, browser: client.browser, mobile: client.mobile };
}
