import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Security review round 2: finding 9 (one partner could void every other partner's grants by
 * minting 100k of them: all sites shared one bounded map, and minting had no limit) and
 * finding 10 (a grant presented with another site's origin was refused but not burnt).
 */
let server: SecurityServer;
let shop: Site;
let bank: Site;
beforeAll(async () => {
  server = await startSecurityServer({ grantLimits: { outstandingPerSite: 5, mintsPerSite: { capacity: 12, windowMs: 60_000 } } });
  shop = await server.addSite('shop.localhost');
  bank = await server.addSite('bank.localhost');
});
afterAll(() => server.stop());

const appendStart = (site: Site, grant: string, origin = site.origin) =>
  server.call('/v1/ext/append/start', { body: { siteId: site.siteId, origin, grant, client: clientSignals(device('grants')) } });

describe('append grants', () => {
  it("a site minting past its cap pushes out only its own oldest grants; another site's grant still works", async () => {
    const bankGrant = await server.mintGrant(bank, 'b-1', 'bob');
    const shopGrants: string[] = [];
    for (let i = 0; i < 6; i += 1) shopGrants.push(await server.mintGrant(shop, `s-${i}`, `user${i}`));
    expect((await appendStart(bank, bankGrant)).status).toBe(200);
    expect(await appendStart(shop, shopGrants[0] ?? '')).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
    expect((await appendStart(shop, shopGrants[5] ?? '')).status).toBe(200);
  });

  it('minting is rate limited per site (429 rate_limited); the other site mints on', async () => {
    let limited = 0;
    for (let i = 0; i < 12; i += 1) {
      const reply = await server.call(`/v1/sites/${shop.siteId}/append-grants`, {
        body: { userId: `r-${i}`, username: `r${i}` },
        headers: { authorization: `Bearer ${shop.secret}` },
      });
      if (reply.status === 429) {
        expect(reply.json).toMatchObject({ error: { code: 'rate_limited' } });
        limited += 1;
      }
    }
    // The first test used 6 of shop's 12: the rest of this burst is refused.
    expect(limited).toBe(6);
    expect(await server.mintGrant(bank, 'b-2', 'bob2')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it("a grant presented with another site's origin is refused and burnt: it no longer works at its own", async () => {
    const grant = await server.mintGrant(bank, 'b-3', 'carol');
    expect((await appendStart(bank, grant, shop.origin)).status).toBe(403);
    expect(await appendStart(bank, grant)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });
});
