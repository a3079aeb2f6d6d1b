import type { ClientSignals } from '@pkc/shared';
import { isoAt, type Clock } from '../clock.ts';
import type { Store } from '../store/Store.ts';
import type { EventRecord, EventType } from '../store/records.ts';

interface EventFacts {
  siteId: string;
  userId: string;
  type: EventType;
  client: ClientSignals;
  detail?: string;
}

export async function recordEvent(deps: { store: Store; clock: Clock }, event: EventFacts): Promise<void> {
  await deps.store.recordEvent(eventRecord(deps.clock, event));
}

/** The stored form of an event, dated now. */
export function eventRecord(clock: Clock, event: EventFacts): EventRecord {
  return {
    siteId: event.siteId,
    userId: event.userId,
    type: event.type,
    devicePseudonym: event.client.devicePseudonym,
    at: isoAt(clock),
    ...(event.detail === undefined ? {} : { detail: event.detail.slice(0, 200) }),
  };
}

export function deviceSeen(client: ClientSignals) {
  return { devicePseudonym: client.devicePseudonym, os: client.os, browser: client.browser, mobile: client.mobile };
}
