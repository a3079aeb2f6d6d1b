import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CONSOLE_CSRF_HEADER } from '@pkc/shared';
import { ConsoleApiError } from './ConsoleApiError.ts';
import { createConsoleRequest } from './request.ts';

interface Seen {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(reply: () => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    seen.push({ url: String(input), init });
    return reply();
  };
  return { fetch, seen };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const ok = z.object({ ok: z.literal(true) });

async function rejection(promise: Promise<unknown>): Promise<ConsoleApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ConsoleApiError)) throw new Error(`expected a ConsoleApiError, got ${String(error)}`);
  return error;
}

describe('createConsoleRequest', () => {
  it('sends changes as same-origin JSON with the CSRF token, and reads checked replies', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { ok: true }));
    const request = createConsoleRequest({ fetch, csrfToken: 'tok' });
    await expect(request({ method: 'PUT', path: '/v1/console/x', body: { a: 1 } }, ok)).resolves.toEqual({ ok: true });
    const init = seen[0]?.init;
    expect(seen[0]?.url).toBe('/v1/console/x');
    expect(init?.method).toBe('PUT');
    expect(init?.credentials).toBe('same-origin');
    expect(init?.body).toBe('{"a":1}');
    expect(init?.headers).toMatchObject({ 'content-type': 'application/json', [CONSOLE_CSRF_HEADER]: 'tok' });
  });

  it('sends no CSRF header on reads, nor before there is a session', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, { ok: true }));
    await createConsoleRequest({ fetch, csrfToken: 'tok' })({ method: 'GET', path: '/a' }, ok);
    await createConsoleRequest({ fetch, csrfToken: '' })({ method: 'POST', path: '/b', body: {} }, ok);
    for (const call of seen) expect(Object.keys(call.init?.headers ?? {})).not.toContain(CONSOLE_CSRF_HEADER);
  });

  it('turns an error reply into a ConsoleApiError with code, status and field', async () => {
    const { fetch } = fakeFetch(() => json(400, { error: { code: 'bad_request', message: 'must be an origin', field: 'origins.1' } }));
    const error = await rejection(createConsoleRequest({ fetch, csrfToken: 't' })({ method: 'PUT', path: '/p', body: {} }, ok));
    expect([error.code, error.status, error.field, error.message]).toEqual(['bad_request', 400, 'origins.1', 'must be an origin']);
  });

  it('tells the app when the session is gone, and still rejects', async () => {
    let ended = 0;
    const { fetch } = fakeFetch(() => json(401, { error: { code: 'console_session_required', message: 'sign in' } }));
    const request = createConsoleRequest({ fetch, csrfToken: 't', onSessionEnded: () => ended++ });
    expect((await rejection(request({ method: 'GET', path: '/s' }, ok))).code).toBe('console_session_required');
    expect(ended).toBe(1);
  });

  it('does not end the session for other errors', async () => {
    let ended = 0;
    const { fetch } = fakeFetch(() => json(404, { error: { code: 'not_found', message: 'no such site' } }));
    const request = createConsoleRequest({ fetch, csrfToken: 't', onSessionEnded: () => ended++ });
    expect((await rejection(request({ method: 'GET', path: '/s' }, ok))).code).toBe('not_found');
    expect(ended).toBe(0);
  });

  it('names the failure when there is no reply, an unknown code, or a reply that is not the promised shape', async () => {
    const offline = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    expect((await rejection(createConsoleRequest({ fetch: offline.fetch, csrfToken: '' })({ method: 'GET', path: '/' }, ok))).code).toBe(
      'network',
    );

    const strange = fakeFetch(() => json(418, { error: { code: 'teapot', message: 'short and stout' } }));
    const unknown = await rejection(createConsoleRequest({ fetch: strange.fetch, csrfToken: '' })({ method: 'GET', path: '/' }, ok));
    expect([unknown.code, unknown.message]).toEqual(['unknown', 'short and stout']);

    const html = fakeFetch(() => new Response('<html>proxy error</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect((await rejection(createConsoleRequest({ fetch: html.fetch, csrfToken: '' })({ method: 'GET', path: '/' }, ok))).status).toBe(
      502,
    );

    const wrong = fakeFetch(() => json(200, { ok: 'yes' }));
    expect((await rejection(createConsoleRequest({ fetch: wrong.fetch, csrfToken: '' })({ method: 'GET', path: '/' }, ok))).code).toBe(
      'bad_reply',
    );
  });

  it('reads a 204 as no content', async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 204 }));
    await expect(
      createConsoleRequest({ fetch, csrfToken: 't' })({ method: 'POST', path: '/signout', body: {} }, z.undefined()),
    ).resolves.toBeUndefined();
  });
});
