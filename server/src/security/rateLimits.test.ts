import { afterEach, describe, expect, it } from 'vitest';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, UNLIMITED, type SecurityServer, type Site } from './harness.ts';

/* 429 + Retry-After on the intelligence and finish endpoints, per IP and per site + username. */

let server: SecurityServer | undefined;
afterEach(() => server?.stop());

const loginStart = (site: Site, username: string) =>
  server?.call('/v1/ext/login/start', { body: { siteId: site.siteId, origin: site.origin, username, client: clientSignals() } });

describe('per IP', () => {
  it('limits login/start, append/start and the finish endpoints together, and refills with the clock', async () => {
    server = await startSecurityServer({ rateLimits: { ...UNLIMITED, perIp: { capacity: 4, windowMs: 60_000 } } });
    const shop = await server.addSite('shop.localhost');
    const grant = await server.mintGrant(shop, 'u-1', 'alice');
    const statuses = [
      (await loginStart(shop, 'a'))?.status,
      (await server.call('/v1/ext/append/start', { body: { siteId: shop.siteId, origin: shop.origin, grant, client: clientSignals() } })).status,
      (await server.call('/v1/ext/login/finish', { body: {} })).status,
      (await server.call('/v1/ext/append/finish', { body: {} })).status,
    ];
    expect(statuses).toEqual([200, 200, 400, 400]);
    const limited = await loginStart(shop, 'b');
    expect(limited).toMatchObject({ status: 429, json: { error: { code: 'rate_limited' } } });
    expect(limited?.headers.get('retry-after')).toBe('15');
    expect((await server.call('/v1/ext/login/finish', { body: {} })).status).toBe(429);
    // Not limited: partners, failure reports, declines, the site-owner API.
    expect((await server.call('/v1/ext/partners')).status).toBe(200);
    expect((await server.mintGrant(shop, 'u-2', 'bob')).length).toBeGreaterThan(0);
    server.clock.advance(15_000);
    expect((await loginStart(shop, 'c'))?.status).toBe(200);
  });
});

describe('per site + username', () => {
  it('limits one identifier, case and spaces included, not the others', async () => {
    server = await startSecurityServer({ rateLimits: { ...UNLIMITED, perIdentifier: { capacity: 2, windowMs: 60_000 } } });
    const shop = await server.addSite('shop.localhost');
    const bank = await server.addSite('bank.localhost');
    expect((await loginStart(shop, 'alice'))?.status).toBe(200);
    expect((await loginStart(shop, ' ALICE '))?.status).toBe(200);
    const limited = await loginStart(shop, 'Alice');
    expect(limited).toMatchObject({ status: 429, json: { error: { code: 'rate_limited' } } });
    expect(limited?.headers.get('retry-after')).toBe('30');
    expect((await loginStart(shop, 'bob'))?.status).toBe(200);
    expect((await loginStart(bank, 'alice'))?.status).toBe(200);
  });

  it('an unknown user and a user without passkeys look the same, also when limited', async () => {
    server = await startSecurityServer({ rateLimits: { ...UNLIMITED, perIdentifier: { capacity: 2, windowMs: 60_000 } } });
    const shop = await server.addSite('shop.localhost');
    // carol exists (a grant made her a user) but has no passkey; dave has one; nobody is unknown.
    await server.offer(shop, 'u-carol', 'carol', device('carol'));
    await server.register(shop, 'u-dave', 'dave', new SoftAuthenticator(), device('dave'));
    const strip = (reply: Awaited<ReturnType<typeof loginStart>>) => ({
      status: reply?.status,
      json: reply?.json,
      retryAfter: reply?.headers.get('retry-after'),
    });
    for (let i = 0; i < 3; i += 1) {
      const known = strip(await loginStart(shop, 'carol'));
      const unknown = strip(await loginStart(shop, 'nobody'));
      expect(unknown).toEqual(known);
      expect(known.status).toBe(i < 2 ? 200 : 429);
    }
    // A user with passkeys is limited with the same reply.
    await loginStart(shop, 'dave');
    await loginStart(shop, 'dave');
    const dave = strip(await loginStart(shop, 'dave'));
    expect(dave).toEqual(strip(await loginStart(shop, 'nobody')));
  });
});
