import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendStartReplySchema, loginStartReplySchema } from '@pkc/shared';
import { EVENTS_PER_USER } from '../store/records.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Security review round 2, finding 7: anonymous failure reports kept a user on a failing
 * passkey. 55 reports from an attacker claiming another device evicted alice's own failures
 * from her bounded history, so her repeated failures never reached the fallback (seed 003).
 */
let server: SecurityServer;
let shop: Site;
beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
});
afterAll(() => server.stop());

const ICLOUD_KEYCHAIN = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';
/** A Mac: alice's passkey is in iCloud Keychain, so every Mac that asks gets a passkey prompt. */
const mac = (pseudonym: string) => ({ ...clientSignals(pseudonym), os: 'macos' as const, browser: 'safari' });

async function loginStart(on: string) {
  const { json } = await server.call('/v1/ext/login/start', {
    body: { siteId: shop.siteId, origin: shop.origin, username: 'alice', client: mac(on) },
  });
  return loginStartReplySchema.parse(json);
}

async function reportFailure(on: string): Promise<void> {
  const reply = await loginStart(on);
  if (reply.decision === 'password') throw new Error(`expected a passkey prompt on ${on}, got ${reply.reason.code}`);
  const failure = await server.call('/v1/ext/login/failure', {
    body: { ceremonyId: reply.ceremony.ceremonyId, origin: shop.origin, errorName: 'NotAllowedError' },
  });
  expect(failure.status).toBe(200);
}

async function registerOnMac(on: string): Promise<void> {
  const grant = await server.mintGrant(shop, 'u-alice', 'alice');
  const { json } = await server.call('/v1/ext/append/start', {
    body: { siteId: shop.siteId, origin: shop.origin, grant, client: mac(on) },
  });
  const offer = appendStartReplySchema.parse(json);
  if (offer.decision !== 'offer') throw new Error('no offer');
  const response = new SoftAuthenticator({}, { aaguid: ICLOUD_KEYCHAIN }).create(offer.ceremony.options, shop.origin);
  expect(
    (await server.call('/v1/ext/append/finish', { body: { ceremonyId: offer.ceremony.ceremonyId, origin: shop.origin, response } })).status,
  ).toBe(200);
}

describe('a flood of failure reports from devices that never used the passkey', () => {
  it("does not push out alice's own failures: her second failure still sends her to the password", async () => {
    const laptop = device('alice-laptop');
    await registerOnMac(laptop);
    await reportFailure(laptop);
    // The attacker claims a new Mac each time (pseudonyms are the client's to choose: a cap per device would not do).
    for (let i = 0; i < EVENTS_PER_USER + 5; i += 1) await reportFailure(device(`attacker-${i}`));
    await reportFailure(laptop);
    expect(await loginStart(laptop)).toMatchObject({ decision: 'password', reason: { code: 'repeated-failures' } });
    const history = await server.store.listEvents(shop.siteId, 'u-alice');
    expect(history.filter((event) => event.devicePseudonym === laptop && event.type === 'login-failure')).toHaveLength(2);
  });
});
