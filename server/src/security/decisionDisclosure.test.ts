import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFinishReplySchema, loginStartReplySchema } from '@pkc/shared';
import { loadUserRecords } from '../ceremonies/decisionInput.ts';
import type { Store } from '../store/Store.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Security review round 2, finding 6: the decision endpoint told any caller where a person's
 * passkey lives ("in iCloud Keychain on your iPhone"), and a known user answered slower than
 * an unknown one (her history was read although rule 1 never looks at it).
 */
const ICLOUD_KEYCHAIN = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';
let server: SecurityServer;
let shop: Site;
const key = new SoftAuthenticator({}, { aaguid: ICLOUD_KEYCHAIN, transports: ['internal', 'hybrid'] });
const iphone = { ...clientSignals(device('iphone')), os: 'ios' as const, browser: 'safari', mobile: true };
const desktop = { ...clientSignals(device('desktop')), os: 'windows' as const, browser: 'chrome', capabilities: { hybridTransport: true } };

beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  const grant = await server.mintGrant(shop, 'u-alice', 'alice');
  const { json } = await server.call('/v1/ext/append/start', { body: { siteId: shop.siteId, origin: shop.origin, grant, client: iphone } });
  const offer = json as { ceremony: { ceremonyId: string; options: Parameters<SoftAuthenticator['create']>[0] } };
  await server.call('/v1/ext/append/finish', {
    body: { ceremonyId: offer.ceremony.ceremonyId, origin: shop.origin, response: key.create(offer.ceremony.options, shop.origin) },
  });
});
afterAll(() => server.stop());

const SPECIFICS = /iCloud|Keychain|iPhone|iPad|Mac|Android|Windows|Google|Hello|1Password/;

describe('what a login decision tells a stranger', () => {
  it('names no provider or device before a verified login, on any decision; the verified login brings the full sentence', async () => {
    for (const client of [iphone, desktop, { ...desktop, capabilities: {} }]) {
      const { json } = await server.call('/v1/ext/login/start', {
        body: { siteId: shop.siteId, origin: shop.origin, username: 'alice', client },
      });
      const reply = loginStartReplySchema.parse(json);
      expect(reply.reason.message).not.toMatch(SPECIFICS);
    }
    const start = loginStartReplySchema.parse(
      (await server.call('/v1/ext/login/start', { body: { siteId: shop.siteId, origin: shop.origin, username: 'alice', client: iphone } }))
        .json,
    );
    if (start.decision === 'password') throw new Error('expected a passkey login on the iPhone');
    const finish = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: start.ceremony.ceremonyId, origin: shop.origin, response: key.get(start.ceremony.options, shop.origin) },
    });
    expect(loginFinishReplySchema.parse(finish.json).reason?.message).toMatch(/iCloud Keychain/);
  });

  it('does not read the history of a user without passkeys (a known user answers like an unknown one)', async () => {
    const reads: string[] = [];
    const store = {
      listCredentials: async () => {
        reads.push('credentials');
        return [];
      },
      listEvents: async () => {
        reads.push('events');
        return [];
      },
    } as unknown as Store;
    await loadUserRecords(store, shop.siteId, 'u-nopasskey', { historyOnlyWithPasskeys: true });
    expect(reads).toEqual(['credentials']);
  });
});
