import type { z } from 'zod';
import {
  appendDeclineBodySchema,
  appendFinishBodySchema,
  appendStartBodySchema,
  contentMessageSchema,
  loginFailureBodySchema,
  loginFinishBodySchema,
  loginStartBodySchema,
  replySchemaFor,
  type ContentMessage,
  type PageConfig,
  type PageSignals,
  type Partner,
} from '@pkc/shared';
import { failure, internalFailure, type Result } from '../messaging/failure.ts';
import { recordAppendDecline } from './appendDeclines.ts';
import { finalizeClientSignals } from './clientSignals.ts';
import type { CompanionCall } from './companionClient.ts';
import { amendLastDecision, recordLastDecision, type LastDecision } from './lastDecisions.ts';
import { partnerForOrigin } from './partners.ts';
import type { PseudonymStore } from './pseudonym.ts';
import { senderPageOrigin, type SenderInfo } from './senderOrigin.ts';
import type { StorageArea } from './storageArea.ts';
import { readTestSignalOverride } from './testSignalOverride.ts';

export interface RouterDeps {
  extensionId: string;
  storage: StorageArea;
  call: CompanionCall;
  pseudonyms: PseudonymStore;
  /** The configured server and its cached partner list. */
  partners: () => Promise<{ serverUrl: string; partners: Partner[] }>;
  now: () => number;
}

/**
 * The background's message router: every content-script message is validated, tied to the
 * partner site the browser says it came from, completed with what only the background knows
 * (site id, origin, device pseudonym) and forwarded to the companion server within the time
 * budget. The reply is always a value — `{ ok: true, value }` or a Failure — never a rejection.
 */
export function createMessageRouter(deps: RouterDeps) {
  return async function route(raw: unknown, sender: SenderInfo): Promise<Result<unknown>> {
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
      return post('/v1/ext/login/failure', body, replySchemaFor['login-failure']);
    }
    case 'append-start': {
      const client = await clientSignals(deps, siteId, message.client);
      const body = appendStartBodySchema.parse({ siteId, origin, grant: message.grant, client });
      const result = await post('/v1/ext/append/start', body, replySchemaFor['append-start']);
      if (result.ok) {
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
