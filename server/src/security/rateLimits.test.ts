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
      (await server.call('/v1/ext/append/start', { body: { siteId: shop.siteId, origin: shop.origin, grant, client: clientSignals() } }))
        .status,
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

describe('one caller cannot lock a user or a whole proxy out of passkeys (security review round 2, finding 4)', () => {
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const loginStartFrom = (site: Site, username: string, ip: string) =>
    server?.call('/v1/ext/login/start', {
      body: { siteId: site.siteId, origin: site.origin, username, client: clientSignals() },
      headers: from(ip),
    });

  it('requests for "kim" from one address spend only that address\'s budget for kim; kim elsewhere is served, up to the ceiling for all addresses', async () => {
    server = await startSecurityServer({
      trustProxy: 'loopback',
      rateLimits: {
        ...UNLIMITED,
        perIdentifier: { capacity: 10, windowMs: 60_000 },
        perIdentifierAllIps: { capacity: 15, windowMs: 60_000 },
      },
    });
    const shop = await server.addSite('shop.localhost');
    for (let i = 0; i < 10; i += 1) expect((await loginStartFrom(shop, 'kim', '203.0.113.66'))?.status).toBe(200);
    expect((await loginStartFrom(shop, 'kim', '203.0.113.66'))?.status).toBe(429);
    expect((await loginStartFrom(shop, 'kim', '198.51.100.7'))?.status).toBe(200);
    // A guesser spread over many addresses still meets the ceiling for the name.
    const spread = [];
    for (let i = 0; i < 6; i += 1) spread.push((await loginStartFrom(shop, 'kim', `192.0.2.${i}`))?.status);
    expect(spread).toContain(429);
  });

  it('behind a proxy (TRUST_PROXY) each client has its own per-IP budget; without it, X-Forwarded-For is ignored', async () => {
    server = await startSecurityServer({ trustProxy: 'loopback', rateLimits: { ...UNLIMITED, perIp: { capacity: 3, windowMs: 60_000 } } });
    const shop = await server.addSite('shop.localhost');
    for (let i = 0; i < 3; i += 1) await loginStartFrom(shop, `u${i}`, '203.0.113.1');
    expect((await loginStartFrom(shop, 'x', '203.0.113.1'))?.status).toBe(429);
    expect((await loginStartFrom(shop, 'x', '203.0.113.2'))?.status).toBe(200);
    await server.stop();

    server = await startSecurityServer({ rateLimits: { ...UNLIMITED, perIp: { capacity: 3, windowMs: 60_000 } } });
    const direct = await server.addSite('shop.localhost');
    for (let i = 0; i < 3; i += 1) await loginStartFrom(direct, `u${i}`, `203.0.113.${i}`);
    // A client can't make up addresses to escape its limit.
    expect((await loginStartFrom(direct, 'x', '203.0.113.99'))?.status).toBe(429);
  });
});
