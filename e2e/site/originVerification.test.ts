import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnersReplySchema, type OriginProof } from '@pkc/shared';
import { registerSite } from '@pkc/server';
import { startTestServer, type TestServer } from '../../server/src/testing/testServer.ts';
import { verifySiteOrigins } from '../../server/src/sites/siteService.ts';
import { startPartnerSite, type RunningPartnerSite } from './startPartnerSite.ts';

/*
 * Issue 15, origin verification: a site registered with verifyOrigins stays inactive until the
 * companion fetched its proof from /.well-known/passkey-companion.json on the reference partner
 * site's own origin — served, then not served.
 */

let companion: TestServer;
let site: RunningPartnerSite;
let proof: OriginProof | undefined;
let served: unknown;

beforeAll(async () => {
  companion = await startTestServer();
  site = await startPartnerSite({
    hostname: 'shop.localhost',
    port: 0,
    siteName: 'Shop',
    users: [],
    originProof: () => served,
    register: async ({ origin, loginCallback, rpId }) => {
      const created = await registerSite(companion.store, { name: 'Shop', origins: [origin], loginCallback, rpId, verifyOrigins: true });
      proof = created.originProof;
      return { companionUrl: companion.url, siteId: created.siteId, secret: created.secret };
    },
  });
});
afterAll(async () => {
  await site.close();
  await companion.stop();
});

const partners = async () =>
  partnersReplySchema.parse((await companion.call('/v1/ext/partners')).json).partners.map((partner) => partner.siteId);

describe('origin verification', () => {
  it("a site waiting for its proof is nobody's partner and starts no ceremony", async () => {
    expect(proof?.siteId).toBe(site.siteId);
    expect(await partners()).not.toContain(site.siteId);
    const start = await companion.call('/v1/ext/login/start', {
      body: {
        siteId: site.siteId,
        origin: site.origin,
        username: 'alice',
        client: {
          os: 'linux',
          browser: 'chromium',
          mobile: false,
          platformAuthenticator: true,
          capabilities: {},
          devicePseudonym: 'device-aaaaaaaaaaaaaaaa',
        },
      },
    });
    expect(start).toMatchObject({ status: 404, json: { error: { code: 'unknown_site' } } });
  });

  it('not served, or served for another site: 409 origin_unverified, still inactive', async () => {
    served = undefined;
    await expect(verifySiteOrigins(companion.store, site.siteId)).rejects.toMatchObject({
      code: 'origin_unverified',
      message: expect.stringMatching(/answered 404/),
    });
    served = { siteId: site.siteId, token: 'x'.repeat(32) };
    await expect(verifySiteOrigins(companion.store, site.siteId)).rejects.toMatchObject({ code: 'origin_unverified' });
    expect(await partners()).not.toContain(site.siteId);
  });

  it('served by the origin: the site goes live', async () => {
    served = proof;
    await verifySiteOrigins(companion.store, site.siteId);
    expect(await partners()).toContain(site.siteId);
    // Proven once is proven: the file can go.
    served = undefined;
    await verifySiteOrigins(companion.store, site.siteId);
    expect(await partners()).toContain(site.siteId);
  });
});
