import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateSiteSecret } from '../sites/siteService.ts';
import { startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/* Issue 15: rotating a site secret with an overlap window, so a site's backends can roll. */

let server: SecurityServer;
let shop: Site;
beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
});
afterAll(() => server.stop());

const mint = (secret: string) =>
  server.call(`/v1/sites/${shop.siteId}/append-grants`, {
    body: { userId: 'u-1', username: 'alice' },
    headers: { authorization: `Bearer ${secret}` },
  });

describe('rotating the site secret', () => {
  it('with an overlap, the old secret works until the window ends, the new one at once', async () => {
    const old = shop.secret;
    const { secret } = await rotateSiteSecret(server.store, server.clock, shop.siteId, 30);
    expect((await mint(secret)).status).toBe(201);
    expect((await mint(old)).status).toBe(201);
    server.clock.advance(29 * 60_000);
    expect((await mint(old)).status).toBe(201);
    server.clock.advance(60_000 + 1);
    expect(await mint(old)).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    expect((await mint(secret)).status).toBe(201);
    shop = { ...shop, secret };
  });

  it("without one, the old secret stops at once; a second rotation ends the first one's window", async () => {
    const first = shop.secret;
    const { secret: second } = await rotateSiteSecret(server.store, server.clock, shop.siteId, 60);
    const { secret: third } = await rotateSiteSecret(server.store, server.clock, shop.siteId);
    expect((await mint(first)).status).toBe(401);
    expect((await mint(second)).status).toBe(401);
    expect((await mint(third)).status).toBe(201);
  });
});
