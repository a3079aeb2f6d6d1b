import { describe, expect, it } from 'vitest';
import { partnersReplySchema } from '@pkc/shared';
import { createCompanionClient, type FetchLike } from './companionClient.ts';
import { jsonResponse, SERVER_URL, SHOP } from './testing.ts';

const request = { serverUrl: SERVER_URL, method: 'GET' as const, path: '/v1/ext/partners', reply: partnersReplySchema };

describe('companion client', () => {
  it('returns the validated reply', async () => {
    const call = createCompanionClient(async () => jsonResponse(200, { partners: [SHOP] }));
    expect(await call(request)).toEqual({ ok: true, value: { partners: [SHOP] } });
  });

  it('passes the server error code through', async () => {
    const call = createCompanionClient(async () => jsonResponse(429, { error: { code: 'rate_limited', message: 'slow down' } }));
    expect(await call(request)).toEqual({ ok: false, code: 'rate_limited', message: 'slow down' });
  });

  it('turns a 500 with HTML into companion_bad_reply', async () => {
    const call = createCompanionClient(async () => new Response('<h1>oops</h1>', { status: 500 }));
    expect(await call(request)).toMatchObject({ ok: false, code: 'companion_bad_reply' });
  });

  it('turns a reply that breaks the contract into companion_bad_reply', async () => {
    const call = createCompanionClient(async () => jsonResponse(200, { partners: [{ siteId: 'nope' }] }));
    expect(await call(request)).toMatchObject({ ok: false, code: 'companion_bad_reply' });
  });

  it('turns a refused connection into companion_unreachable', async () => {
    const call = createCompanionClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await call(request)).toMatchObject({ ok: false, code: 'companion_unreachable' });
  });

  it('gives up on a server that never answers within the time budget', async () => {
    const hang: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    // The fake rejects only when aborted: a result at all means the budget ended the call.
    const result = await createCompanionClient(hang, 50)(request);
    expect(result).toMatchObject({ ok: false, code: 'companion_timeout' });
  });

  it('sends JSON bodies with a JSON content type', async () => {
    let seen: RequestInit | undefined;
    const call = createCompanionClient(async (_input, init) => {
      seen = init;
      return jsonResponse(200, { ok: true });
    });
    await call({ serverUrl: SERVER_URL, method: 'POST', path: '/x', body: { a: 1 }, reply: partnersReplySchema.partial() });
    expect(seen?.headers).toEqual({ 'content-type': 'application/json' });
    expect(seen?.body).toBe('{"a":1}');
  });
});
