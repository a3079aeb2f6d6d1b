import { z } from 'zod';
import { backgroundFailureSchema, replySchemaFor, type ContentMessage, type ReplyFor } from '@pkc/shared';

export type BackgroundReply<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export type SendMessage = (message: ContentMessage) => Promise<unknown>;

const successSchema = z.object({ ok: z.literal(true), value: z.unknown() });

/**
 * Content script → background, with the reply validated against the schema of the request
 * (messages.ts: `replySchemaFor`). A dead background, an extension reload or a malformed reply
 * become a failure value like any other.
 */
export function createBackgroundClient(send: SendMessage) {
  return async function ask<M extends ContentMessage>(message: M): Promise<BackgroundReply<ReplyFor<M['type']>>> {
    let raw: unknown;
    try {
      raw = await send(message);
    } catch (error) {
      return { ok: false, code: 'background_unavailable', message: error instanceof Error ? error.message : 'no reply' };
    }
    const failure = backgroundFailureSchema.safeParse(raw);
    if (failure.success) return failure.data;
    const success = successSchema.safeParse(raw);
    if (!success.success) return { ok: false, code: 'bad_reply', message: 'malformed reply from the background' };
    // TypeScript loses the type ↔ schema correlation when indexing by a generic key; this is
    // the schema of exactly this message type (a cast of the schema, not of the data).
    const schema = replySchemaFor[message.type] as unknown as z.ZodType<ReplyFor<M['type']>>;
    const value = schema.safeParse(success.data.value);
    return value.success ? { ok: true, value: value.data } : { ok: false, code: 'bad_reply', message: 'unexpected reply value' };
  };
}
export type AskBackground = ReturnType<typeof createBackgroundClient>;
