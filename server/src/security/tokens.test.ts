import { dataSetText } from '../testing/dataSetText.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendStartReplySchema, loginFinishReplySchema, loginTokenClaimsSchema } from '@pkc/shared';
import { LOGIN_TOKEN_TTL_S } from '../tokens/loginTokens.ts';
import { GRANT_TTL_MS } from '../tokens/appendGrants.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/* Append grants, login tokens and site secrets (ARCHITECTURE §2, CONTRACT.md site-owner API). */

let server: SecurityServer;
let shop: Site;
let bank: Site;
const key = new SoftAuthenticator();

beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  bank = await server.addSite('bank.localhost');
  await server.register(shop, 'u-1', 'alice', key, device('alice'));
});
afterAll(() => server.stop());

const appendStart = (site: Site, grant: string, extra: Record<string, unknown> = {}) =>
  server.call('/v1/ext/append/start', {
    body: { siteId: site.siteId, origin: site.origin, grant, client: clientSignals(device('grant')), ...extra },
  });
const verify = (site: Site, token: string, secret = site.secret) =>
  server.call(`/v1/sites/${site.siteId}/login-tokens/verify`, { body: { token }, headers: { authorization: `Bearer ${secret}` } });

async function loginToken(): Promise<string> {
  const ceremony = await server.loginOptions(shop, 'alice', device('alice'));
  const reply = await server.call('/v1/ext/login/finish', {
    body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response: key.get(ceremony.options, shop.origin) },
  });
  return loginFinishReplySchema.parse(reply.json).token;
}

describe('append grants', () => {
  it('expire (injected clock)', async () => {
    const grant = await server.mintGrant(shop, 'u-2', 'bob');
    server.clock.advance(GRANT_TTL_MS + 1);
    expect(await appendStart(shop, grant)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });

  it('a grant tried at site B is useless there and burnt for site A', async () => {
    const grant = await server.mintGrant(shop, 'u-2', 'bob');
    expect(await appendStart(bank, grant)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
    expect(await appendStart(shop, grant)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });

  it('is bound to its user: a body naming another user changes nothing', async () => {
    const grant = await server.mintGrant(shop, 'u-3', 'carol');
    const reply = await appendStart(shop, grant, { userId: 'u-1', username: 'alice' });
    const parsed = appendStartReplySchema.parse(reply.json);
    if (parsed.decision !== 'offer') throw new Error('expected an offer');
    expect(parsed.username).toBe('carol');
    const created = new SoftAuthenticator().create(parsed.ceremony.options, shop.origin);
    await server.call('/v1/ext/append/finish', {
      body: { ceremonyId: parsed.ceremony.ceremonyId, origin: shop.origin, response: created },
    });
    expect((await server.store.getCredential(created.id))?.userId).toBe('u-3');
    expect(await server.store.listCredentials(shop.siteId, 'u-1')).toHaveLength(1);
  });
});

describe('login tokens', () => {
  it('expire after their short lifetime (injected clock)', async () => {
    const token = await loginToken();
    server.clock.advance(LOGIN_TOKEN_TTL_S * 1000 + 1000);
    expect(await verify(shop, token)).toMatchObject({ status: 400, json: { error: { code: 'token_invalid' } } });
  });

  it('a token of site A verified by site B fails and stays redeemable by A, once', async () => {
    const token = await loginToken();
    expect(await verify(bank, token)).toMatchObject({ status: 400, json: { error: { code: 'token_invalid' } } });
    expect((await verify(shop, token)).status).toBe(200);
    expect(await verify(shop, token)).toMatchObject({ status: 409, json: { error: { code: 'token_used' } } });
  });

  it('an unsigned or re-signed token is refused', async () => {
    const token = await loginToken();
    const [, payload] = token.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect(await verify(shop, unsigned)).toMatchObject({ status: 400, json: { error: { code: 'token_invalid' } } });
    const [header, , signature] = token.split('.');
    const claims = loginTokenClaimsSchema.parse(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()));
    const edited = Buffer.from(JSON.stringify({ ...claims, sub: 'u-2' })).toString('base64url');
    expect(await verify(shop, `${header}.${edited}.${signature}`)).toMatchObject({
      status: 400,
      json: { error: { code: 'token_invalid' } },
    });
  });
});

describe('site secrets', () => {
  it('are stored only as hashes', async () => {
    const text = await dataSetText(server.dataFile);
    expect(text).not.toContain(shop.secret);
    expect(text).not.toContain(bank.secret);
    expect(text).toMatch(/"secretHash":"[0-9a-f]{64}"/);
  });

  it('a wrong, short, long or missing secret → 401 unauthorized', async () => {
    const token = await loginToken();
    for (const secret of [bank.secret, shop.secret.slice(1), `${shop.secret}x`, 'x', 'a'.repeat(600)]) {
      expect(await verify(shop, token, secret), secret.slice(0, 8)).toMatchObject({
        status: 401,
        json: { error: { code: 'unauthorized' } },
      });
    }
    const none = await server.call(`/v1/sites/${shop.siteId}/login-tokens/verify`, { body: { token } });
    expect(none).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    const unknownSite = await server.call('/v1/sites/site_doesnotexist00/append-grants', {
      body: { userId: 'u', username: 'u' },
      headers: { authorization: `Bearer ${shop.secret}` },
    });
    expect(unknownSite).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
  });
});
