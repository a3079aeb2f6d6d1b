import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendStartReplySchema, loginStartReplySchema, type ClientSignals, type SitePolicyInput } from '@pkc/shared';
import { rolloutBucket } from '../ceremonies/rollout.ts';
import { setSitePolicy } from '../sites/siteService.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/* Issue 15, steering: the pause switch and the gradual rollout, decided before Passkey Intelligence. */

let server: SecurityServer;
let shop: Site;
const key = new SoftAuthenticator();
const laptop = device('alice');

beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  await server.register(shop, 'u-1', 'alice', key, laptop);
});
afterAll(() => server.stop());

const policy = (next: SitePolicyInput) => setSitePolicy(server.store, shop.siteId, next);
const login = async (on = laptop, client: ClientSignals = clientSignals(on)) =>
  loginStartReplySchema.parse(
    (await server.call('/v1/ext/login/start', { body: { siteId: shop.siteId, origin: shop.origin, username: 'alice', client } })).json,
  );
const append = async (on: string, client: ClientSignals = clientSignals(on)) => {
  const grant = await server.mintGrant(shop, 'u-2', 'bob');
  return appendStartReplySchema.parse(
    (await server.call('/v1/ext/append/start', { body: { siteId: shop.siteId, origin: shop.origin, grant, client } })).json,
  );
};

describe('steering a site', () => {
  it('the pause switch: at once, no passkey login and no offer; unpaused, everything as before', async () => {
    expect((await login()).decision).toBe('passkey');
    await policy({ paused: true });
    expect(await login()).toMatchObject({ decision: 'password', reason: { code: 'not-enabled-here' } });
    expect(await append(device('bob'))).toMatchObject({ decision: 'skip', reason: { code: 'not-enabled-here' } });
    await policy({});
    expect((await login()).decision).toBe('passkey');
  });

  it('a rollout percentage keeps the same devices in as it grows (stable per device pseudonym)', async () => {
    const devices = Array.from({ length: 200 }, (_, i) => device(`d${i}`));
    const inAt = (percent: number) => new Set(devices.filter((d) => rolloutBucket(shop.siteId, d) < percent));
    const twenty = inAt(20);
    expect(twenty.size).toBeGreaterThan(20);
    expect(twenty.size).toBeLessThan(60);
    for (const d of twenty) expect(inAt(50).has(d)).toBe(true);
    await policy({ rollout: { percent: 0 } });
    expect(await login()).toMatchObject({ decision: 'password', reason: { code: 'not-enabled-here' } });
    await policy({ rollout: { percent: 100 } });
    expect((await login()).decision).toBe('passkey');
    // At 20 %, the laptop's login follows its bucket.
    await policy({ rollout: { percent: 20 } });
    expect((await login()).decision).toBe(rolloutBucket(shop.siteId, laptop) < 20 ? 'passkey' : 'password');
  });

  it('platforms, separately for logins and for offers', async () => {
    const mac = { ...clientSignals(laptop), os: 'macos' as const };
    await policy({ rollout: { loginPlatforms: [{ os: 'macos', mobile: false }], appendPlatforms: [{ os: 'android', mobile: true }] } });
    expect(await login(laptop)).toMatchObject({ decision: 'password', reason: { code: 'not-enabled-here' } });
    expect((await login(laptop, mac)).decision).not.toBe('password');
    expect(await append(device('bob-linux'))).toMatchObject({ decision: 'skip', reason: { code: 'not-enabled-here' } });
    const phone = { ...clientSignals(device('bob-phone')), os: 'android' as const, mobile: true };
    expect((await append(device('bob-phone'), phone)).decision).toBe('offer');
    await policy({});
  });

  it('a policy that is not one is refused with a clear message (admin route), and changes nothing', async () => {
    const reply = await server.call(`/v1/admin/sites/${shop.siteId}/policy`, { method: 'PUT', body: { rollout: { percent: 150 } } });
    expect(reply.status).toBe(401); // the admin API needs its token; the CLI test covers it with one
    expect((await server.store.getSite(shop.siteId))?.policy).toBeUndefined();
  });
});
