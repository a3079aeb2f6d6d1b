import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ORIGIN } from '@pkc/shared';
import { TEST_EXTENSION_ORIGIN, clientSignals } from '../testing/testServer.ts';
import { startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * The extension-facing API only answers the extension (configured ids; here the test id,
 * so the default id is refused too), and no web page can reach any POST endpoint with a
 * "simple" cross-site request (form posts, text/plain), which skips CORS preflight.
 */

let server: SecurityServer;
let shop: Site;

beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
});
afterAll(() => server.stop());

const loginBody = () => ({ siteId: shop.siteId, origin: shop.origin, username: 'alice', client: clientSignals() });
const form = () => new URLSearchParams({ siteId: shop.siteId, origin: shop.origin, username: 'alice' }).toString();
const multipart = () => ['--b', 'Content-Disposition: form-data; name="username"', '', 'alice', '--b--', ''].join('\r\n');

describe('extension origin', () => {
  it.each(['http://shop.localhost:4000', 'null', EXTENSION_ORIGIN, 'chrome-extension://otherextensionaaaaaaaaaaaaaaaaaa'])(
    'Origin %s gets 403 extension_not_allowed and no CORS headers',
    async (origin) => {
      const reply = await server.call('/v1/ext/login/start', { body: loginBody(), headers: { origin } });
      expect(reply).toMatchObject({ status: 403, json: { error: { code: 'extension_not_allowed' } } });
      expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('a preflight from a web page is refused; from the extension it is answered', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/v1/ext/login/start`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight('http://evil.localhost')).status).toBe(403);
    const allowed = await preflight(TEST_EXTENSION_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_EXTENSION_ORIGIN);
  });

  it('the configured extension gets its answer', async () => {
    const reply = await server.call('/v1/ext/login/start', { body: loginBody(), headers: { origin: TEST_EXTENSION_ORIGIN } });
    expect(reply.status).toBe(200);
  });
});

describe('cross-site simple requests', () => {
  const kinds = [
    ['urlencoded form', 'application/x-www-form-urlencoded', form],
    ['multipart form', 'multipart/form-data; boundary=b', multipart],
    ['text/plain', 'text/plain', () => JSON.stringify(loginBody())],
  ] as const;

  it.each(kinds)('a %s from a web page to the extension API → 403', async (_what, type, body) => {
    const reply = await server.post('/v1/ext/login/start', body(), { 'content-type': type, origin: 'http://evil.localhost' });
    expect(reply).toMatchObject({ status: 403, json: { error: { code: 'extension_not_allowed' } } });
  });

  it.each(kinds)('a %s without Origin, or from the extension, → 415', async (_what, type, body) => {
    const variants: Record<string, string>[] = [{}, { origin: TEST_EXTENSION_ORIGIN }];
    for (const headers of variants) {
      const reply = await server.post('/v1/ext/login/start', body(), { 'content-type': type, ...headers });
      expect(reply).toMatchObject({ status: 415, json: { error: { code: 'unsupported_media_type' } } });
    }
  });

  it.each(kinds)('a %s to the site-owner API → 415 even with the right secret', async (_what, type, body) => {
    const reply = await server.post(`/v1/sites/${shop.siteId}/append-grants`, body(), {
      'content-type': type,
      origin: 'http://evil.localhost',
      authorization: `Bearer ${shop.secret}`,
    });
    expect(reply.status).toBe(415);
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });
});
