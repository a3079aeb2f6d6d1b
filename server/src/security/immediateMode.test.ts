import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFailureReplySchema, loginStartReplySchema } from '@pkc/shared';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Issue 14, immediate mode: when the engine is unsure whether a passkey is on this device and
 * the browser can check at once (immediateGet), the login is a check. "None here" is its own
 * outcome: no failure toward heal, the person is told, and the engine learns it for the device.
 */

const ONE_PASSWORD = 'bada5566-a7aa-401f-bd96-45619a55120d';
let server: SecurityServer;
let shop: Site;
const key = new SoftAuthenticator({ backupEligible: true, backedUp: true }, { aaguid: ONE_PASSWORD });
const laptop = device('laptop');
const desktop = device('desktop');

beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  await server.register(shop, 'u-1', 'alice', key, laptop);
});
afterAll(() => server.stop());

const start = async (on: string, immediateGet: boolean) => {
  const client = { ...clientSignals(on), capabilities: { immediateGet } };
  const reply = await server.call('/v1/ext/login/start', { body: { siteId: shop.siteId, origin: shop.origin, username: 'alice', client } });
  return loginStartReplySchema.parse(reply.json);
};

describe('immediate mode', () => {
  it('a password-manager passkey never seen on this desktop: a check (mediation immediate), not a prompt that may fail', async () => {
    const decision = await start(desktop, true);
    expect(decision).toMatchObject({ decision: 'passkey', mediation: 'immediate', reason: { code: 'checking-this-device' } });
    // Chromium answers immediate requests for discoverable credentials only: no allowCredentials.
    if (decision.decision !== 'passkey') throw new Error('expected a check');
    expect(decision.ceremony.options.allowCredentials ?? []).toEqual([]);
    // Without immediateGet: the one ordinary try of issue 18 instead.
    expect(await start(device('old-browser'), false)).not.toHaveProperty('mediation');
  });

  it('found: it signs in like any passkey login', async () => {
    const decision = await start(desktop, true);
    if (decision.decision !== 'passkey') throw new Error('expected a check');
    const finish = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: decision.ceremony.ceremonyId, origin: shop.origin, response: key.get(decision.ceremony.options, shop.origin) },
    });
    expect(finish.status).toBe(200);
  });

  it('none here: told so, recorded as its own outcome, and the next decision on that device says password without another check', async () => {
    const other = device('other-desktop');
    for (let i = 0; i < 3; i += 1) {
      const decision = await start(other, true);
      if (i > 0) {
        expect(decision).toMatchObject({ decision: 'password', reason: { code: 'not-on-this-device' } });
        continue;
      }
      if (decision.decision !== 'passkey') throw new Error('expected a check');
      const reported = await server.call('/v1/ext/login/failure', {
        body: { ceremonyId: decision.ceremony.ceremonyId, origin: shop.origin, errorName: 'NotAllowedError' },
      });
      expect(loginFailureReplySchema.parse(reported.json)).toMatchObject({ ok: true, reason: { code: 'not-on-this-device' } });
    }
    const events = await server.store.listEvents(shop.siteId, 'u-1');
    expect(events.filter((event) => event.devicePseudonym === other).map((event) => event.detail)).toEqual(['ImmediateNone']);
    // No push toward heal on the laptop or anywhere: the passkey still signs in where it lives.
    expect(await start(laptop, true)).toMatchObject({ decision: 'passkey', reason: { code: 'credential-usable-here' } });
  });

  it("an ordinary prompt's NotAllowedError is still a failure (no reason in the reply)", async () => {
    const decision = await start(laptop, false);
    if (decision.decision !== 'passkey') throw new Error('expected a prompt');
    const reported = await server.call('/v1/ext/login/failure', {
      body: { ceremonyId: decision.ceremony.ceremonyId, origin: shop.origin, errorName: 'NotAllowedError' },
    });
    expect(reported.json).toEqual({ ok: true });
  });
});
