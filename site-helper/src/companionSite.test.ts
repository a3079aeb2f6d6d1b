import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loginFinishReplySchema } from '@pkc/shared';
import { device, startSecurityServer, type SecurityServer, type Site } from '../../server/src/security/harness.ts';
import { SoftAuthenticator } from '../../server/src/testing/softAuthenticator.ts';
import { createCompanionSite, type CompanionSite } from './companionSite.ts';
import { CompanionSiteError } from './errors.ts';

/* The partner backend helper against the real companion server (issue 16, item 6). */

const requests: string[] = [];
const log = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) requests.push(String((JSON.parse(line) as { route?: string }).route));
    done();
  },
});
let server: SecurityServer;
let shop: Site;
let bank: Site;
let helper: CompanionSite;
const key = new SoftAuthenticator();

beforeAll(async () => {
  server = await startSecurityServer({ logger: pino({ level: 'info' }, log) });
  shop = await server.addSite('shop.localhost');
  bank = await server.addSite('bank.localhost');
  helper = createCompanionSite({ companionUrl: server.url, siteId: shop.siteId, secret: shop.secret });
});
afterAll(() => server.stop());

/** A passkey login as the extension makes it: the token the site's callback receives. */
async function loginToken(site: Site, username: string): Promise<string> {
  const ceremony = await server.loginOptions(site, username, device(username));
  const finish = await server.call('/v1/ext/login/finish', {
    body: { ceremonyId: ceremony.ceremonyId, origin: site.origin, response: key.get(ceremony.options, site.origin) },
  });
  return loginFinishReplySchema.parse(finish.json).token;
}

async function failure(promise: Promise<unknown>): Promise<CompanionSiteError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CompanionSiteError)) throw new Error(`expected a CompanionSiteError, got ${String(error)}`);
  return error;
}

describe('createCompanionSite', () => {
  it('hook 1: mints a grant the extension can append a passkey with', async () => {
    const { grant, expiresAt } = await helper.mintAppendGrant({ userId: 'u-1', username: 'alice' });
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const offer = await server.call('/v1/ext/append/start', {
      body: {
        siteId: shop.siteId,
        origin: shop.origin,
        grant,
        client: {
          os: 'linux',
          browser: 'chromium',
          mobile: false,
          platformAuthenticator: true,
          capabilities: {},
          devicePseudonym: device('alice'),
        },
      },
    });
    const { ceremony } = offer.json as { ceremony: { ceremonyId: string; options: Parameters<SoftAuthenticator['create']>[0] } };
    const appended = await server.call('/v1/ext/append/finish', {
      body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response: key.create(ceremony.options, shop.origin) },
    });
    expect(appended.status).toBe(200);
    expect(await helper.listCredentials('u-1')).toHaveLength(1);
  });

  it('hook 2: verifies a token offline and redeems it once; the key set is fetched once and cached', async () => {
    const before = requests.filter((route) => route === '/.well-known/jwks.json').length;
    const verified = await helper.verifyLoginToken(await loginToken(shop, 'alice'));
    expect(verified).toMatchObject({ userId: 'u-1', username: 'alice' });
    const token = await loginToken(shop, 'alice');
    await helper.verifyLoginToken(token);
    expect(requests.filter((route) => route === '/.well-known/jwks.json').length - before).toBe(1);
    expect(await failure(helper.verifyLoginToken(token))).toMatchObject({ code: 'token_used', status: 409 });
  });

  it('a token for another site fails the offline check without spending it', async () => {
    const bankHelper = createCompanionSite({ companionUrl: server.url, siteId: bank.siteId, secret: bank.secret });
    await server.register(bank, 'b-1', 'alice', key, device('alice'));
    const bankToken = await loginToken(bank, 'alice');
    const redeems = requests.filter((route) => route === '/v1/sites/:siteId/login-tokens/verify').length;
    expect(await failure(helper.verifyLoginToken(bankToken))).toMatchObject({ code: 'token_invalid' });
    expect(requests.filter((route) => route === '/v1/sites/:siteId/login-tokens/verify').length).toBe(redeems);
    expect((await bankHelper.verifyLoginToken(bankToken)).userId).toBe('b-1');
  });

  it('removes passkeys: one, then all', async () => {
    const [first] = await helper.listCredentials('u-1');
    await helper.mintAppendGrant({ userId: 'u-1', username: 'alice' });
    await helper.removeCredential('u-1', first?.credentialId ?? '');
    expect(await helper.listCredentials('u-1')).toEqual([]);
    expect(await helper.removeAllCredentials('u-1')).toBe(0);
    expect(await failure(helper.removeCredential('u-1', first?.credentialId ?? ''))).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('typed errors: a wrong secret, a companion that is down, one that hangs past the time budget', async () => {
    const wrongSecret = createCompanionSite({ companionUrl: server.url, siteId: shop.siteId, secret: 'not-the-secret' });
    expect(await failure(wrongSecret.mintAppendGrant({ userId: 'u-1', username: 'alice' }))).toMatchObject({
      code: 'unauthorized',
      status: 401,
    });

    const down = createCompanionSite({ companionUrl: 'http://127.0.0.1:1', siteId: shop.siteId, secret: shop.secret });
    expect(await failure(down.mintAppendGrant({ userId: 'u-1', username: 'alice' }))).toMatchObject({ code: 'unreachable' });

    const hanging: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const slow = createCompanionSite({
        companionUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
        siteId: shop.siteId,
        secret: shop.secret,
        timeoutMs: 200,
      });
      const started = Date.now();
      expect(await failure(slow.mintAppendGrant({ userId: 'u-1', username: 'alice' }))).toMatchObject({ code: 'timeout' });
      expect(await failure(slow.verifyLoginToken(await loginToken(bank, 'alice')))).toMatchObject({ code: 'timeout' });
      // Bounded by the budget (twice 200 ms), not by a socket timeout of minutes.
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });
});
