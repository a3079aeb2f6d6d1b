import type { CompanionCall } from './companionClient.ts';
import { syncContentScript, type ScriptingApi } from './contentScriptRegistration.ts';
import { matchPatternsFor } from './matchPatterns.ts';
import { allOrigins, fetchPartners, readPartnerCache, writePartnerCache } from './partners.ts';
import { createSerialQueue } from './serialQueue.ts';
import { readServerUrl } from './settings.ts';
import type { StorageArea } from './storageArea.ts';
import type { Result } from '../messaging/failure.ts';

export interface PartnerSyncDeps {
  storage: StorageArea;
  scripting: ScriptingApi;
  call: CompanionCall;
  portsSupported: boolean;
  now: () => number;
}

export type SyncOutcome = { partners: number; registration: 'unchanged' | 'updated' };

/**
 * Fetch the partner list and make the content script match exactly the partner origins.
 * Runs are serialized (startup, a settings change and the alarm can overlap, and two
 * overlapping registers with one id fail). When the server can't be reached the last list
 * from the same server stays in force; a list from another server is dropped.
 */
export function createPartnerSync(deps: PartnerSyncDeps) {
  const enqueue = createSerialQueue();

  async function syncNow(): Promise<Result<SyncOutcome>> {
    const serverUrl = await readServerUrl(deps.storage);
    const fetched = await fetchPartners(deps.call, serverUrl);
    const partners = fetched.ok ? fetched.value : await readPartnerCache(deps.storage, serverUrl);
    // fetchedAt 0 marks the kept list as "server unreachable" for the popup.
    await writePartnerCache(deps.storage, { serverUrl, fetchedAt: fetched.ok ? deps.now() : 0, partners });
    const registration = await syncContentScript(deps.scripting, matchPatternsFor(allOrigins(partners), deps));
    return fetched.ok ? { ok: true, value: { partners: partners.length, registration } } : fetched;
  }

  return {
    sync(): Promise<Result<SyncOutcome>> {
      return enqueue(syncNow);
    },
  };
}
