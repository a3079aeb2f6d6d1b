import type { ContentRequest, ReplyFor } from '@pkc/shared';
import { isRecord } from '../bridge/protocol.ts';

export type BackgroundReply<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export type SendMessage = (message: ContentRequest) => Promise<unknown>;

/**
 * How long the page waits for the background: its companion call's own budget
 * (COMPANION_TIME_BUDGET_MS, 3 s) plus a second for storage and messaging. A background that
 * hangs (a stuck service worker) must not hold a partner's page any longer than a slow server.
 */
export const BACKGROUND_REPLY_BUDGET_MS = 4_000;
const TIMED_OUT = Symbol('timed out');

/**
 * Content script → background. A dead background, an extension reload or a reply of the wrong
 * shape become a failure value like any other.
 *
 * The reply's `value` is not parsed again here: the background built it by parsing the server's
 * reply with `replySchemaFor[message.type]` (messageRouter.ts) or from its validated partner cache,
 * and only this extension's own pages can answer runtime.sendMessage. Parsing it again would
 * put zod into the script injected into every partner page and protect against nothing: whoever
 * could forge this reply could rewrite this script too.
 */
export function createBackgroundClient(send: SendMessage, budgetMs = BACKGROUND_REPLY_BUDGET_MS) {
  return async function ask<M extends ContentRequest>(message: M): Promise<BackgroundReply<ReplyFor<M['type']>>> {
    let raw: unknown;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const late = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), budgetMs);
      });
      raw = await Promise.race([send(message), late]);
    } catch (error) {
      return { ok: false, code: 'background_unavailable', message: error instanceof Error ? error.message : 'no reply' };
    } finally {
      clearTimeout(timer);
    }
    if (raw === TIMED_OUT) return { ok: false, code: 'background_timeout', message: `no reply from the background within ${budgetMs} ms` };
    if (!isRecord(raw)) return badReply();
    if (raw.ok === false) {
      return typeof raw.code === 'string' && typeof raw.message === 'string'
        ? { ok: false, code: raw.code, message: raw.message }
        : badReply();
    }
    if (raw.ok !== true || !('value' in raw)) return badReply();
    // The contract of messages.ts (`ReplyFor`), kept by the background as explained above.
    const value = raw.value as ReplyFor<M['type']>;
    return { ok: true, value };
  };
}
export type AskBackground = ReturnType<typeof createBackgroundClient>;

function badReply(): BackgroundReply<never> {
  return { ok: false, code: 'bad_reply', message: 'malformed reply from the background' };
}
