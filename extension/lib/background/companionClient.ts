import type { z } from 'zod';
import { errorBodySchema } from '@pkc/shared';
import { failure, failureCodeFrom, type Result } from '../messaging/failure.ts';

/** Every call to the companion server gives up after this long (ARCHITECTURE §4 F7). */
export const COMPANION_TIME_BUDGET_MS = 3_000;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface CompanionRequest<T> {
  serverUrl: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  reply: z.ZodType<T>;
}

/**
 * One bounded round trip to the companion server. Whatever happens — refused connection,
 * a slow server, a 500, HTML where JSON belongs, a reply that doesn't match the contract —
 * the caller gets a Failure value, never a rejection (F7: the site must keep working).
 */
export function createCompanionClient(fetchImpl: FetchLike, timeBudgetMs = COMPANION_TIME_BUDGET_MS) {
  return async function call<T>(request: CompanionRequest<T>): Promise<Result<T>> {
    let response: Response;
    let text: string;
    try {
      const signal = AbortSignal.timeout(timeBudgetMs);
      response = await fetchImpl(`${request.serverUrl}${request.path}`, {
        method: request.method,
        headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      // The body read shares the time budget: a server that sends headers and then stalls is slow too.
      text = await response.text();
    } catch (error) {
      if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        return failure('companion_timeout', `the companion server did not answer within ${timeBudgetMs} ms`);
      }
      return failure('companion_unreachable', `the companion server is unreachable: ${describe(error)}`);
    }

    const json = parseJson(text);
    if (!response.ok) {
      const body = errorBodySchema.safeParse(json);
      return body.success
        ? failure(failureCodeFrom(body.data.error.code), body.data.error.message)
        : failure('companion_bad_reply', `the companion server answered ${response.status}`);
    }
    const parsed = request.reply.safeParse(json);
    if (!parsed.success) {
      return failure('companion_bad_reply', `unexpected reply from ${request.path}`);
    }
    return { ok: true, value: parsed.data };
  };
}
export type CompanionCall = ReturnType<typeof createCompanionClient>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
