import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSignals, startTestServer, TEST_EXTENSION_ORIGIN, type TestServer, type TestSite } from '../testing/testServer.ts';

let server: TestServer;
let shop: TestSite;

beforeAll(async () => {
  server = await startTestServer();
  shop = await server.addSite('shop.localhost');
});
afterAll(() => server.stop());

/** As the extension sends it: with its origin. */
const raw = (path: string, init: RequestInit) =>
  fetch(`${server.url}${path}`, { ...init, headers: { origin: TEST_EXTENSION_ORIGIN, ...(init.headers as Record<string, string>) } }).then(
    async (response) => ({
      status: response.status,
      json: await response.json(),
    }),
  );

describe('garbage in is a 4xx with a code', () => {
  it('bad JSON → 400 bad_request', async () => {
    const reply = await raw('/v1/ext/login/start', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"siteId":' });
    expect(reply).toEqual({ status: 400, json: { error: { code: 'bad_request', message: expect.any(String) } } });
  });

  it('JSON that is not an object, or has wrong types → 400 bad_request', async () => {
    for (const body of [
      '"hello"',
      'null',
      '[1,2]',
      '{"siteId":42}',
      JSON.stringify({ siteId: shop.siteId, origin: shop.origin, username: 'a', client: { ...clientSignals(), mobile: 'yes' } }),
    ]) {
      const reply = await raw('/v1/ext/login/start', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(reply.status, body).toBe(400);
      expect(reply.json).toMatchObject({ error: { code: 'bad_request' } });
    }
  });

  it('a body over 64 KB → 413 body_too_large', async () => {
    const body = JSON.stringify({ username: 'x'.repeat(70_000) });
    const reply = await raw('/v1/ext/login/start', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(reply).toMatchObject({ status: 413, json: { error: { code: 'body_too_large' } } });
  });

  it('text/plain or no content type → 415 unsupported_media_type', async () => {
    for (const headers of [{ 'content-type': 'text/plain' }, {}] as Record<string, string>[]) {
      const reply = await raw('/v1/ext/append/start', { method: 'POST', headers, body: '{}' });
      expect(reply).toMatchObject({ status: 415, json: { error: { code: 'unsupported_media_type' } } });
    }
  });

  it('an unknown route → 404 not_found JSON', async () => {
    expect(await raw('/nope', { method: 'GET' })).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
  });

  it('an unknown site → 404 unknown_site; a malformed ceremony id → 400', async () => {
    const start = await server.call('/v1/ext/login/start', {
      body: { siteId: 'site_doesnotexist00', origin: shop.origin, username: 'a', client: clientSignals() },
    });
    expect(start).toMatchObject({ status: 404, json: { error: { code: 'unknown_site' } } });
    const finish = await server.call('/v1/ext/login/failure', {
      body: { ceremonyId: 'cer_x', origin: shop.origin, errorName: 'NotAllowedError' },
    });
    expect(finish).toMatchObject({ status: 400, json: { error: { code: 'bad_request' } } });
  });
});

describe('the extension API is for the extension', () => {
  it('refuses a web page origin with 403 extension_not_allowed', async () => {
    const reply = await server.call('/v1/ext/partners', { headers: { origin: 'http://evil.localhost' } });
    expect(reply).toMatchObject({ status: 403, json: { error: { code: 'extension_not_allowed' } } });
  });

  it('refuses a POST with no Origin at all, as a script redeeming a stolen grant sends it (security review round 2, finding 5)', async () => {
    for (const path of ['/v1/ext/append/start', '/v1/ext/login/start', '/v1/ext/login/finish']) {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'extension_not_allowed' } });
    }
    // The partner list is public: the extension's GET may come without an Origin.
    expect((await fetch(`${server.url}/v1/ext/partners`)).status).toBe(200);
  });

  it('answers the extension origin, with CORS headers', async () => {
    const response = await fetch(`${server.url}/v1/ext/partners`, { headers: { origin: TEST_EXTENSION_ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(TEST_EXTENSION_ORIGIN);
    expect(await response.json()).toEqual({ partners: [{ siteId: shop.siteId, name: 'shop.localhost', origins: [shop.origin] }] });
  });
});
