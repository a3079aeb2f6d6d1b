import type { ContentRequest, ReplyFor } from '@pkc/shared';
import { isRecord } from '../bridge/protocol.ts';

export type BackgroundReply<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export type SendMessage = (message: ContentRequest) => Promise<unknown>;

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
export function createBackgroundClient(send: SendMessage) {
  return async function ask<M extends ContentRequest>(message: M): Promise<BackgroundReply<ReplyFor<M['type']>>> {
    let raw: unknown;
    try {
      raw = await send(message);
    } catch (error) {
      return { ok: false, code: 'background_unavailable', message: error instanceof Error ? error.message : 'no reply' };
    }
    if (!isRecord(raw)) return badReply();
    if (raw.ok === false) {
      return typeof raw.code === 'string' && typeof raw.message === 'string' ? { ok: false, code: raw.code, message: raw.message } : badReply();
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
