import type { CredentialRecord, EventRecord } from '../store/records.ts';
import type { CredentialFacts, HistoryEvent } from './types.ts';

/*
 * The snapshot step: stored records → the engine's plain inputs. Pure; the caller loads
 * the records (store.listCredentials / store.listEvents for the site user) and passes them.
 */

export function credentialFactsFromRecord(record: CredentialRecord): CredentialFacts {
  return {
    id: record.id,
    aaguid: record.aaguid,
    backupEligible: record.backupEligible,
    backedUp: record.backedUp,
    transports: record.transports,
    createdOn: record.createdOn,
    ...(record.lastUsedOn === null ? {} : { lastUsedOn: record.lastUsedOn }),
  };
}

/** A login-failure event carries the WebAuthn error name in `detail`. */
export function historyEventFromRecord(record: EventRecord): HistoryEvent | undefined {
  const at = Date.parse(record.at);
  if (!Number.isFinite(at)) return undefined;
  const event: HistoryEvent = { type: record.type, devicePseudonym: record.devicePseudonym, at };
  if (record.type === 'login-failure' && record.detail !== undefined) event.errorName = record.detail;
  return event;
}

export function engineInputsFromRecords(
  credentials: readonly CredentialRecord[],
  events: readonly EventRecord[],
): { credentials: CredentialFacts[]; history: HistoryEvent[] } {
  return {
    credentials: credentials.map(credentialFactsFromRecord),
    history: events.flatMap((e) => {
      const event = historyEventFromRecord(e);
      return event === undefined ? [] : [event];
    }),
  };
}
