import { z } from 'zod';
import {
  manageSessionSchema,
  passkeyDeleteReplySchema,
  passkeysDeleteBodySchema,
  passkeysListBodySchema,
  passkeysReplySchema,
  passkeysSessionBodySchema,
  passkeysSessionReplySchema,
  type CurrentPasskeysSignal,
  type PasskeysReply,
  type PopupPasskeysReply,
  type ProviderTold,
} from '@pkc/shared';
import type { PageSignalMethod, PageSignalOutcome } from '../bridge/pageSignal.ts';
import { SIGNAL_API_TIMEOUT_MS } from '../bridge/bridgeClient.ts';
import type { Result } from '../messaging/failure.ts';
import type { CompanionCall } from './companionClient.ts';
import type { PseudonymStore } from './pseudonym.ts';
import { createSerialQueue } from './serialQueue.ts';
import type { StorageArea } from './storageArea.ts';

/** Runs one Signal API call in the partner tab's page world (background.ts: scripting.executeScript). */
export type SignalInPage = (tabId: number, origin: string, method: PageSignalMethod, argument: object) => Promise<PageSignalOutcome>;

export interface PasskeyManagerDeps {
  call: CompanionCall;
  /** `browser.storage.session`: memory only, out of content scripts' reach. The manage session lives here. */
  sessionStorage: StorageArea;
  pseudonyms: PseudonymStore;
  signalInPage: SignalInPage;
  now: () => number;
}

export interface ManagedSite {
  serverUrl: string;
  siteId: string;
  origin: string;
}

const storedSessionSchema = z.object({ session: manageSessionSchema, expiresAt: z.number(), serverUrl: z.string() });
const sessionKey = (siteId: string) => `manageSession:${siteId}`;

/**
 * "Your passkeys" in the popup (issue 14, item 4). The proof of who the person is comes from the
 * partner: right after append/start used a login's grant, the grant is exchanged for a manage
 * session (server/src/passkeys/grantLogins.ts says why that is safe); the session is kept in
 * session storage and each list or delete spends it for its successor. Without one the popup says
 * "sign in again". After each answer the provider is told what the server accepts (Signal API, in
 * the partner page): a removed passkey stops being offered.
 */
export function createPasskeyManager(deps: PasskeyManagerDeps) {
  // One manage call at a time: each spends the session the previous one answered with.
  const serially = createSerialQueue();

  async function storedSession(site: ManagedSite): Promise<string | undefined> {
    const parsed = storedSessionSchema.safeParse((await deps.sessionStorage.get(sessionKey(site.siteId)))[sessionKey(site.siteId)]);
    if (!parsed.success || parsed.data.serverUrl !== site.serverUrl || parsed.data.expiresAt <= deps.now()) return undefined;
    return parsed.data.session;
  }

  async function keep(site: ManagedSite, session: string, expiresAt: string): Promise<void> {
    await deps.sessionStorage.set({ [sessionKey(site.siteId)]: { session, expiresAt: Date.parse(expiresAt), serverUrl: site.serverUrl } });
  }

  /** Spends the kept session on one call; the reply's successor replaces it (or nothing does). */
  async function withSession<T extends PasskeysReply>(
    site: ManagedSite,
    request: (session: string, devicePseudonym: string) => Promise<Result<T>>,
  ): Promise<Result<T> | undefined> {
    const session = await storedSession(site);
    if (session === undefined) return undefined;
    await deps.sessionStorage.remove(sessionKey(site.siteId));
    const result = await request(session, await deps.pseudonyms.forSite(site.siteId));
    if (result.ok) await keep(site, result.value.session, result.value.expiresAt);
    return result.ok || result.code !== 'manage_session_invalid' ? result : undefined;
  }

  async function tell(tabId: number, site: ManagedSite, calls: ReadonlyArray<[PageSignalMethod, object]>): Promise<ProviderTold> {
    let told: ProviderTold = 'unsupported';
    for (const [method, argument] of calls) {
      try {
        const outcome = await bounded(deps.signalInPage(tabId, site.origin, method, argument));
        if (outcome === 'sent' && told !== 'failed') told = 'sent';
        if (outcome === 'wrong-page') told = 'failed';
      } catch {
        told = 'failed';
      }
    }
    return told;
  }

  const post = <T>(site: ManagedSite, path: string, body: unknown, reply: z.ZodType<T>) =>
    deps.call({ serverUrl: site.serverUrl, method: 'POST', path, body, reply });

  return {
    /** After append/start took the grant of a login: exchange it for a manage session at once. */
    async grantUsed(site: ManagedSite, grant: string): Promise<void> {
      const body = passkeysSessionBodySchema.parse({ siteId: site.siteId, origin: site.origin, grant });
      const result = await post(site, '/v1/ext/passkeys/session', body, passkeysSessionReplySchema);
      if (result.ok) await keep(site, result.value.session, result.value.expiresAt);
    },

    list(site: ManagedSite, tabId: number): Promise<Result<PopupPasskeysReply>> {
      return serially(async () => {
        const result = await withSession(site, (session, devicePseudonym) =>
          post(
            site,
            '/v1/ext/passkeys/list',
            passkeysListBodySchema.parse({ siteId: site.siteId, origin: site.origin, session, devicePseudonym }),
            passkeysReplySchema,
          ),
        );
        if (result === undefined) return { ok: true, value: { status: 'needs-sign-in' } };
        if (!result.ok) return result;
        const { signal } = result.value;
        const providerTold = signal === undefined ? 'unsupported' : await tell(tabId, site, [accepted(signal), currentDetails(signal)]);
        return { ok: true, value: { status: 'ok', username: result.value.username, passkeys: result.value.passkeys, providerTold } };
      });
    },

    remove(site: ManagedSite, tabId: number, credentialId: string): Promise<Result<PopupPasskeysReply>> {
      return serially(async () => {
        const result = await withSession(site, (session, devicePseudonym) =>
          post(
            site,
            '/v1/ext/passkeys/delete',
            passkeysDeleteBodySchema.parse({ siteId: site.siteId, origin: site.origin, session, devicePseudonym, credentialId }),
            passkeyDeleteReplySchema,
          ),
        );
        if (result === undefined) return { ok: true, value: { status: 'needs-sign-in' } };
        if (!result.ok) return result;
        const { signal, removed } = result.value;
        // The provider drops the removed passkey (and any other the server no longer has).
        const unknown: [PageSignalMethod, object] = ['signalUnknownCredential', { rpId: signal?.rpId, credentialId: removed }];
        const providerTold = signal === undefined ? 'unsupported' : await tell(tabId, site, [unknown, accepted(signal)]);
        return {
          ok: true,
          value: { status: 'ok', username: result.value.username, passkeys: result.value.passkeys, removed, providerTold },
        };
      });
    },
  };
}
export type PasskeyManager = ReturnType<typeof createPasskeyManager>;

function accepted(signal: CurrentPasskeysSignal): [PageSignalMethod, object] {
  return [
    'signalAllAcceptedCredentials',
    { rpId: signal.rpId, userId: signal.userId, allAcceptedCredentialIds: [...signal.acceptedCredentialIds] },
  ];
}

function currentDetails(signal: CurrentPasskeysSignal): [PageSignalMethod, object] {
  return ['signalCurrentUserDetails', { rpId: signal.rpId, userId: signal.userId, name: signal.name, displayName: signal.displayName }];
}

/** A Signal API call involves no person: one that hangs counts as failed after SIGNAL_API_TIMEOUT_MS. */
function bounded(outcome: Promise<PageSignalOutcome>): Promise<PageSignalOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<PageSignalOutcome>((resolve) => {
    timer = setTimeout(() => resolve('wrong-page'), SIGNAL_API_TIMEOUT_MS);
  });
  return Promise.race([outcome, late]).finally(() => clearTimeout(timer));
}
