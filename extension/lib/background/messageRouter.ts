import type { z } from 'zod';
import {
  appendDeclineBodySchema,
  appendFinishBodySchema,
  appendStartBodySchema,
  contentMessageSchema,
  loginFailureBodySchema,
  loginFinishBodySchema,
  loginConditionalBodySchema,
  loginStartBodySchema,
  popupMessageSchema,
  replySchemaFor,
  type ContentMessage,
  type PageConfig,
  type PageSignals,
  type Partner,
  type PopupMessage,
} from '@pkc/shared';
import { failure, internalFailure, type Result } from '../messaging/failure.ts';
import { recordAppendDecline } from './appendDeclines.ts';
import { finalizeClientSignals } from './clientSignals.ts';
import type { CompanionCall } from './companionClient.ts';
import { amendLastDecision, recordLastDecision, type LastDecision } from './lastDecisions.ts';
import type { PasskeyManager } from './passkeyManager.ts';
import { partnerForOrigin } from './partners.ts';
import type { PseudonymStore } from './pseudonym.ts';
import { senderPageOrigin, type SenderInfo } from './senderOrigin.ts';
import type { StorageArea } from './storageArea.ts';
import { webOriginOf } from '../webOrigin.ts';
import { readTestSignalOverride } from './testSignalOverride.ts';

export interface RouterDeps {
  extensionId: string;
  storage: StorageArea;
  call: CompanionCall;
  pseudonyms: PseudonymStore;
  /** The configured server and its cached partner list. */
  partners: () => Promise<{ serverUrl: string; partners: Partner[] }>;
  now: () => number;
  /** The popup's "your passkeys" (issue 14, item 4); without it the popup's messages are refused. */
  passkeys?: PopupPasskeysDeps;
}

export interface PopupPasskeysDeps {
  manager: PasskeyManager;
  /** `chrome-extension://ID`: popup messages come only from the extension's own pages. */
  extensionPageOrigin: string;
  /** The URL the browser says a tab shows (tabs.get). */
  tabUrl: (tabId: number) => Promise<string | undefined>;
}

/**
 * The background's message router: every content-script message is validated, tied to the
 * partner site the browser says it came from, completed with what only the background knows
 * (site id, origin, device pseudonym) and forwarded to the companion server within the time
 * budget. The reply is always a value — `{ ok: true, value }` or a Failure — never a rejection.
 */
export function createMessageRouter(deps: RouterDeps) {
  return async function route(raw: unknown, sender: SenderInfo): Promise<Result<unknown>> {
    const fromPopup = popupMessageSchema.safeParse(raw);
    if (fromPopup.success) return routePopup(deps, fromPopup.data, sender);
    const parsed = contentMessageSchema.safeParse(raw);
    if (!parsed.success) return failure('bad_message', 'the message does not match the contract');
    const origin = senderPageOrigin(sender, deps.extensionId);
    if (origin === undefined) return failure('not_a_partner', 'the sender is not a top-level page');
    try {
      const { serverUrl, partners } = await deps.partners();
      const partner = partnerForOrigin(partners, origin);
      if (partner === undefined) return failure('not_a_partner', `${origin} is not a partner site`);
      if (parsed.data.type === 'page-config') return { ok: true, value: pageConfig(partner) };
      return await forward(deps, { serverUrl, siteId: partner.siteId, origin }, parsed.data);
    } catch (error) {
      return internalFailure(error);
    }
  };
}

/** Answered from the partner cache: no server round trip while the page loads. */
function pageConfig(partner: Partner): PageConfig {
  return { siteName: partner.name, ...(partner.formOverrides === undefined ? {} : { formOverrides: partner.formOverrides }) };
}

interface Site {
  serverUrl: string;
  siteId: string;
  origin: string;
}

async function forward(deps: RouterDeps, site: Site, message: Exclude<ContentMessage, { type: 'page-config' }>): Promise<Result<unknown>> {
  const { serverUrl, siteId, origin } = site;
  const post = <T>(path: string, body: unknown, reply: z.ZodType<T>) => deps.call({ serverUrl, method: 'POST', path, body, reply });

  switch (message.type) {
    case 'login-conditional': {
      const client = await clientSignals(deps, siteId, message.client);
      const body = loginConditionalBodySchema.parse({
        siteId,
        origin,
        client,
        ...(message.pageNonce === undefined ? {} : { pageNonce: message.pageNonce }),
      });
      return post('/v1/ext/login/conditional', body, replySchemaFor['login-conditional']);
    }
    case 'login-start': {
      const client = await clientSignals(deps, siteId, message.client);
      const body = loginStartBodySchema.parse({
        siteId,
        origin,
        username: message.username,
        client,
        ...(message.pageNonce === undefined ? {} : { pageNonce: message.pageNonce }),
      });
      const result = await post('/v1/ext/login/start', body, replySchemaFor['login-start']);
      if (result.ok) {
        await remember(deps, siteId, { kind: 'login', decision: result.value.decision, reason: result.value.reason, at: deps.now() });
      }
      return result;
    }
    case 'login-finish': {
      const body = loginFinishBodySchema.parse({ ceremonyId: message.ceremonyId, origin, response: message.response });
      const result = await post('/v1/ext/login/finish', body, replySchemaFor['login-finish']);
      // The full sentence (which passkey, where) comes only with a verified login: the popup shows it from now on.
      const reason = result.ok ? result.value.reason : undefined;
      if (reason !== undefined) {
        await bestEffort(() =>
          amendLastDecision(deps.storage, siteId, (last) => (last.kind === 'login' ? { ...last, reason } : undefined)),
        );
      }
      return result;
    }
    case 'login-failure': {
      const body = loginFailureBodySchema.parse({ ceremonyId: message.ceremonyId, origin, errorName: message.errorName });
      const result = await post('/v1/ext/login/failure', body, replySchemaFor['login-failure']);
      // An immediate check found no passkey here: the popup says so instead of "checking".
      const outcome = result.ok ? result.value.reason : undefined;
      if (outcome !== undefined) {
        await bestEffort(() =>
          amendLastDecision(deps.storage, siteId, (last) =>
            last.kind === 'login' ? { ...last, decision: 'password', reason: outcome } : undefined,
          ),
        );
      }
      return result;
    }
    case 'append-start': {
      const client = await clientSignals(deps, siteId, message.client);
      const body = appendStartBodySchema.parse({ siteId, origin, grant: message.grant, client });
      const result = await post('/v1/ext/append/start', body, replySchemaFor['append-start']);
      if (result.ok) {
        // The grant also proves this login to the popup's "your passkeys": exchanged now, while
        // it is fresh, and not awaited (the append offer must not wait for it).
        void deps.passkeys?.manager.grantUsed(site, message.grant).catch(() => undefined);
        const reply = result.value;
        await remember(deps, siteId, {
          kind: 'append',
          decision: reply.decision,
          variant: reply.decision === 'offer' ? reply.variant : undefined,
          reason: reply.reason,
          at: deps.now(),
        });
      }
      return result;
    }
    case 'append-finish': {
      const body = appendFinishBodySchema.parse({
        ceremonyId: message.ceremonyId,
        origin,
        response: message.response,
        ...(message.mediation === undefined ? {} : { mediation: message.mediation }),
      });
      return post('/v1/ext/append/finish', body, replySchemaFor['append-finish']);
    }
    case 'append-decline': {
      const body = appendDeclineBodySchema.parse({ ceremonyId: message.ceremonyId, origin, choice: message.choice });
      const result = await post('/v1/ext/append/decline', body, replySchemaFor['append-decline']);
      if (result.ok) await bestEffort(() => recordAppendDecline(deps.storage, siteId, message.choice, deps.now()));
      return result;
    }
    default: {
      const unreachable: never = message;
      return unreachable;
    }
  }
}

/**
 * Popup → background (your passkeys). Only the extension's own pages may send these: a content
 * script's sender URL is its page's. The site is the one the browser says the tab shows.
 */
async function routePopup(deps: RouterDeps, message: PopupMessage, sender: SenderInfo): Promise<Result<unknown>> {
  const popup = deps.passkeys;
  if (popup === undefined || sender.id !== deps.extensionId || !isExtensionPage(sender.url, popup.extensionPageOrigin)) {
    return failure('bad_message', 'only the extension’s popup asks about your passkeys');
  }
  try {
    const origin = webOriginOf(await popup.tabUrl(message.tabId));
    const { serverUrl, partners } = await deps.partners();
    const partner = origin === undefined ? undefined : partnerForOrigin(partners, origin);
    if (origin === undefined || partner === undefined) return failure('not_a_partner', 'the tab does not show a partner site');
    const site = { serverUrl, siteId: partner.siteId, origin };
    switch (message.type) {
      case 'passkeys-list':
        return await popup.manager.list(site, message.tabId);
      case 'passkeys-delete':
        return await popup.manager.remove(site, message.tabId, message.credentialId);
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  } catch (error) {
    return internalFailure(error);
  }
}

function isExtensionPage(url: string | undefined, extensionPageOrigin: string): boolean {
  return url?.startsWith(`${extensionPageOrigin}/`) === true;
}

function clientSignals(deps: RouterDeps, siteId: string, page: PageSignals) {
  return Promise.all([deps.pseudonyms.forSite(siteId), readTestSignalOverride(deps.storage)]).then(([pseudonym, override]) =>
    finalizeClientSignals(page, pseudonym, override),
  );
}

function remember(deps: RouterDeps, siteId: string, decision: LastDecision): Promise<void> {
  return bestEffort(() => recordLastDecision(deps.storage, siteId, decision));
}

/** What the popup shows is a convenience; failing to record it must not fail the login. */
async function bestEffort(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch {
    // nothing to do: the flow itself already succeeded
  }
}
