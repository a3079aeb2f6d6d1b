import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendStartReplySchema, type CreationOptions } from '@pkc/shared';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Issue 14: the browser's automatic passkey upgrade (create with mediation 'conditional' after a
 * password login) makes a passkey without a gesture, so without the user-present and
 * user-verified flags. The server takes those only from an offer whose browser said it can, and
 * only when the finish says it was one; every other append still needs both flags.
 */

let server: SecurityServer;
let shop: Site;
beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
});
afterAll(() => server.stop());

/** An append offer for a new user, from a browser that can (or can't) create conditionally. */
async function offer(userId: string, conditionalCreate: boolean): Promise<{ ceremonyId: string; options: CreationOptions }> {
  const grant = await server.mintGrant(shop, userId, userId);
  const client = { ...clientSignals(device(userId)), capabilities: { conditionalCreate } };
  const reply = await server.call('/v1/ext/append/start', { body: { siteId: shop.siteId, origin: shop.origin, grant, client } });
  const parsed = appendStartReplySchema.parse(reply.json);
  if (parsed.decision !== 'offer') throw new Error('expected an offer');
  return parsed.ceremony;
}

const silent = () => new SoftAuthenticator({ userPresent: false, userVerified: false });
const finish = (ceremonyId: string, response: unknown, mediation?: 'conditional') =>
  server.call('/v1/ext/append/finish', {
    body: { ceremonyId, origin: shop.origin, response, ...(mediation === undefined ? {} : { mediation }) },
  });

describe('automatic passkey upgrade (conditional create)', () => {
  it('a passkey made without presence or verification is stored when the offer allowed it and the finish says so; it counts as an append', async () => {
    const ceremony = await offer('u-auto', true);
    const key = silent();
    const reply = await finish(ceremony.ceremonyId, key.create(ceremony.options, shop.origin), 'conditional');
    expect(reply.status).toBe(200);
    expect(await server.store.listCredentials(shop.siteId, 'u-auto')).toHaveLength(1);
    expect((await server.store.listEvents(shop.siteId, 'u-auto')).map((event) => event.type)).toEqual(['append-offer', 'append-create']);
  });

  it('refused, nothing stored, when the browser never said it could, or the finish is an ordinary one', async () => {
    const notCapable = await offer('u-not-capable', false);
    expect(await finish(notCapable.ceremonyId, silent().create(notCapable.options, shop.origin), 'conditional')).toMatchObject({
      status: 400,
      json: { error: { code: 'verification_failed' } },
    });
    const ordinary = await offer('u-ordinary', true);
    expect(await finish(ordinary.ceremonyId, silent().create(ordinary.options, shop.origin))).toMatchObject({ status: 400 });
    expect(await server.store.listCredentials(shop.siteId, 'u-not-capable')).toEqual([]);
    expect(await server.store.listCredentials(shop.siteId, 'u-ordinary')).toEqual([]);
  });

  it('an ordinary passkey (with both flags) finished as conditional is still fine', async () => {
    const ceremony = await offer('u-both', true);
    expect((await finish(ceremony.ceremonyId, new SoftAuthenticator().create(ceremony.options, shop.origin), 'conditional')).status).toBe(
      200,
    );
  });
});
