import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createCompanionSite } from '@passkey-companion/site';
import { createPartnerSite } from './createPartnerSite.ts';
import { MAX_CODE_ATTEMPTS, Outbox } from './outbox.ts';

const ALICE = { userId: 'u-1', username: 'alice', displayName: 'Alice', password: 'pw-alice-123' };
const servers: Server[] = [];
/** Nothing listens on the discard port: connection refused, the way a stopped companion looks. */
const STOPPED_COMPANION = 'http://127.0.0.1:9';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function siteWithCompanionAt(companionUrl: string): Promise<string> {
  const hooks = createCompanionSite({ companionUrl, siteId: 'site_reference01', secret: 'secret-never-sent' });
  return listen(await createPartnerSite({ siteName: 'Shop', users: [ALICE], hooks }));
}

async function postForm(
  url: string,
  fields: Record<string, string>,
  cookie?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('reference partner site without a working companion server', () => {
  it('still signs a user in with the right password, without an append grant', async () => {
    const site = await siteWithCompanionAt(STOPPED_COMPANION);

    const login = await postForm(`${site}/login`, { username: 'alice', password: ALICE.password });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toMatch(/^shop_session=/);

    const dashboard = await fetch(`${site}/dashboard`, { headers: { cookie: cookie ?? '' } });
    const html = await dashboard.text();
    expect(html).toContain('Signed in as Alice (alice)');
    expect(html).not.toContain('passkey-companion-append-grant');
  });

  it('answers garbage from the companion with a normal sign-in, and refuses a token it cannot redeem', async () => {
    const garbage = await listen((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<h1>oops</h1>');
    });
    const site = await siteWithCompanionAt(garbage);

    const login = await postForm(`${site}/login`, { username: 'alice', password: ALICE.password });
    expect(login.status).toBe(303);

    const forged = await postForm(`${site}/passkey-login`, { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1LTEifQ.' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a wrong password and never starts a session', async () => {
    const site = await siteWithCompanionAt(STOPPED_COMPANION);
    const login = await postForm(`${site}/login`, { username: 'alice', password: 'wrong' });
    expect(login.status).toBe(401);
    expect(login.headers.get('set-cookie')).toBeNull();
  });
});

const NONCE_COOKIE = 'passkey-companion-nonce=nonce-of-this-browser-0123';

describe('reference partner site, login callback (hook 2)', () => {
  it('checks signature, issuer and audience offline: a token failing any of them is never redeemed', async () => {
    const companionKey = await generateKeyPair('ES256');
    const otherKey = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(companionKey.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    let redeemed = 0;
    const verifyBodies: unknown[] = [];
    const companion = await listen((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/jwks.json') {
        res.end(JSON.stringify({ keys: [jwk] }));
        return;
      }
      // Hook 1 asks for an append grant after the session starts; this stub has none to give.
      if (!req.url?.endsWith('/login-tokens/verify')) {
        res.statusCode = 503;
        res.end('{}');
        return;
      }
      redeemed += 1;
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => verifyBodies.push(JSON.parse(body)));
      res.end(
        JSON.stringify({
          userId: ALICE.userId,
          username: 'alice',
          credentialId: 'Y3JlZA',
          crossDevice: false,
          authTime: new Date().toISOString(),
          newPasskey: false,
        }),
      );
    });
    const site = await siteWithCompanionAt(companion);
    const token = (key: CryptoKey, claims: { iss?: string; aud?: string } = {}) =>
      new SignJWT({ username: 'alice', credentialId: 'Y3JlZA', crossDevice: false })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(claims.iss ?? companion)
        .setAudience(claims.aud ?? 'site_reference01')
        .setSubject(ALICE.userId)
        .setJti('jti-0123456789abcdef')
        .setIssuedAt()
        .setExpirationTime('2m')
        .sign(key);

    for (const forged of [
      await token(otherKey.privateKey),
      await token(companionKey.privateKey, { aud: 'site_anotherone1' }),
      await token(companionKey.privateKey, { iss: 'http://127.0.0.1:1' }),
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1LTEifQ.',
    ]) {
      const refused = await postForm(`${site}/passkey-login`, { token: forged }, NONCE_COOKIE);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('set-cookie')).toBeNull();
    }
    expect(redeemed).toBe(0);

    // Login CSRF: a genuine token posted by another site's page, or into a browser without the
    // nonce cookie, is refused before it is redeemed.
    const genuineToken = await token(companionKey.privateKey);
    for (const [cookie, headers] of [
      [NONCE_COOKIE, { 'sec-fetch-site': 'cross-site' }],
      [NONCE_COOKIE, { origin: 'http://evil.localhost:5000' }],
      [undefined, {}],
    ] as const) {
      expect((await postForm(`${site}/passkey-login`, { token: genuineToken }, cookie, headers)).status).toBe(401);
    }
    expect(redeemed).toBe(0);

    // Posted by the extension from the site's own page: redeemed with this browser's nonce, and the session starts.
    const genuine = await postForm(`${site}/passkey-login`, { token: genuineToken }, NONCE_COOKIE, { 'sec-fetch-site': 'same-origin' });
    expect(redeemed).toBe(1);
    expect(genuine.status).toBe(303);
    expect(genuine.headers.get('set-cookie')).toMatch(/^shop_session=/);
    expect(verifyBodies).toEqual([{ token: genuineToken, nonce: 'nonce-of-this-browser-0123' }]);
  });

  it('gives every page load without one a login nonce cookie (not HttpOnly: the extension reads it)', async () => {
    const site = await siteWithCompanionAt(STOPPED_COMPANION);
    const page = await fetch(`${site}/login`);
    expect(page.headers.get('set-cookie')).toMatch(/^passkey-companion-nonce=[A-Za-z0-9_-]{32}; SameSite=Lax; Path=\/$/);
    const again = await fetch(`${site}/login`, { headers: { cookie: NONCE_COOKIE } });
    expect(again.headers.get('set-cookie')).toBeNull();
  });
});

describe('reference partner site with an emailed second factor', () => {
  const CAROL = { userId: 'u-3', username: 'carol', displayName: 'Carol', password: 'pw-carol-123', email: 'carol@example.test' };

  async function siteWithCodes(): Promise<{ site: string; outbox: Outbox }> {
    const outbox = new Outbox();
    const hooks = createCompanionSite({ companionUrl: STOPPED_COMPANION, siteId: 'site_reference01', secret: 'x' });
    const site = await listen(await createPartnerSite({ siteName: 'Shop', users: [CAROL], hooks, outbox }));
    return { site, outbox };
  }

  async function passwordStep(site: string): Promise<string> {
    const login = await postForm(`${site}/login`, { username: 'carol', password: CAROL.password });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/verify-code');
    return login.headers.get('set-cookie')?.split(';')[0] ?? '';
  }

  it('is not signed in after the password alone, and is after the emailed code', async () => {
    const { site, outbox } = await siteWithCodes();
    const cookie = await passwordStep(site);
    const early = await fetch(`${site}/dashboard`, { headers: { cookie }, redirect: 'manual' });
    expect(early.headers.get('location')).toBe('/verify-code');

    const code = outbox.latestFor(CAROL.email)?.code ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await postForm(`${site}/verify-code`, { code: code === '000000' ? '111111' : '000000' }, cookie);
    expect(wrong.status).toBe(401);
    const right = await postForm(`${site}/verify-code`, { code }, cookie);
    expect(right.headers.get('location')).toBe('/dashboard');
    const dashboard = await fetch(`${site}/dashboard`, { headers: { cookie } });
    expect(await dashboard.text()).toContain('Signed in as Carol (carol)');
  });

  it('ends the attempt after too many wrong codes, even if the right one comes last', async () => {
    const { site, outbox } = await siteWithCodes();
    const cookie = await passwordStep(site);
    const code = outbox.latestFor(CAROL.email)?.code ?? '';
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt += 1) {
      await postForm(`${site}/verify-code`, { code: 'abcdef' }, cookie);
    }
    const late = await postForm(`${site}/verify-code`, { code }, cookie);
    expect(late.headers.get('location')).toBe('/login');
  });
});
