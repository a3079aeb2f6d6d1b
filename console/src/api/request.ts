import type * as z from 'zod';
import { CONSOLE_CSRF_HEADER, errorBodySchema } from '@pkc/shared';
import { ConsoleApiError, toConsoleApiErrorCode } from './ConsoleApiError.ts';

export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Same-origin path, e.g. /v1/console/session. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
}

/** One call to the console API, its reply checked against `reply` before anyone reads it. */
export type ConsoleRequest = <T>(call: ApiCall, reply: z.ZodType<T>) => Promise<T>;

export interface RequestContext {
  fetch: typeof fetch;
  /** The session's CSRF token; '' before sign-in (sign-in and enrolment are exempt from the check). */
  csrfToken: string;
  /** Told when a call finds the session gone (expired, or signed out in another tab). */
  onSessionEnded?: () => void;
}

export function createConsoleRequest(context: RequestContext): ConsoleRequest {
  return async (call, reply) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.method !== 'GET' && context.csrfToken !== '') headers[CONSOLE_CSRF_HEADER] = context.csrfToken;

    let response: Response;
    try {
      response = await context.fetch(call.path, {
        method: call.method,
        headers,
        credentials: 'same-origin',
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      });
    } catch (cause) {
      throw new ConsoleApiError('network', "The companion server can't be reached. Check the connection and try again.", { cause });
    }

    if (!response.ok) {
      const error = await readErrorReply(response);
      if (error.code === 'console_session_required') context.onSessionEnded?.();
      throw error;
    }
    const parsed = reply.safeParse(response.status === 204 ? undefined : await readJson(response));
    if (!parsed.success) {
      throw new ConsoleApiError(
        'bad_reply',
        "The server's reply isn't what this page expects. Reload the page; if it stays, tell the operator.",
        {
          status: response.status,
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    // Not JSON (a proxy's HTML page, a cut reply): the schema check reports it as a bad reply.
    return undefined;
  }
}

async function readErrorReply(response: Response): Promise<ConsoleApiError> {
  const parsed = errorBodySchema.safeParse(await readJson(response));
  if (!parsed.success) {
    return new ConsoleApiError('unknown', `The server answered ${response.status} ${response.statusText}`.trim(), {
      status: response.status,
    });
  }
  const { code, message, field } = parsed.data.error;
  return new ConsoleApiError(toConsoleApiErrorCode(code), message, { status: response.status, ...(field === undefined ? {} : { field }) });
}
