import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthenticationResponse, RegistrationResponse } from '@pkc/shared';
import { CEREMONY_TTL_MS } from '../ceremonies/ceremonies.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * ARCHITECTURE §2 / issue 5: challenges are single use, expire, and are bound to ceremony
 * type + site + origin; every assertion and attestation is checked beyond what the WebAuthn
 * library checks. Complements ceremonies/flows.test.ts (which covers the basic cases).
 */

let server: SecurityServer;
let shop: Site;
let bank: Site;
const alice = new SoftAuthenticator();
const aliceDevice = device('alice');

beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  bank = await server.addSite('bank.localhost');
  await server.register(shop, 'u-alice', 'alice', alice, aliceDevice);
});
afterAll(() => server.stop());

const loginFinish = (ceremonyId: string, origin: string, response: AuthenticationResponse) =>
  server.call('/v1/ext/login/finish', { body: { ceremonyId, origin, response } });
const appendFinish = (ceremonyId: string, origin: string, response: RegistrationResponse) =>
  server.call('/v1/ext/append/finish', { body: { ceremonyId, origin, response } });
const code = (reply: { json: unknown }) =>
  typeof reply.json === 'object' && reply.json !== null && 'error' in reply.json ? reply.json.error : reply.json;

async function aliceAssertion(tweak: Parameters<SoftAuthenticator['get']>[2] = {}, origin = shop.origin) {
  const ceremony = await server.loginOptions(shop, 'alice', aliceDevice);
  return { ceremony, response: alice.get(ceremony.options, origin, tweak) };
}

/**
 * A user with one passkey on its own device. Tests that make logins fail use their own user:
 * repeated failures rightly turn the engine's decision to `password` (flow F4).
 */
let users = 0;
async function freshUser() {
  users += 1;
  const user = { username: `user${users}`, userId: `u-${users}`, device: device(`user${users}`), key: new SoftAuthenticator() };
  const credentialId = await server.register(shop, user.userId, user.username, user.key, user.device);
  const assertion = async (tweak: Parameters<SoftAuthenticator['get']>[2] = {}, origin = shop.origin) => {
    const ceremony = await server.loginOptions(shop, user.username, user.device);
    return { ceremony, response: user.key.get(ceremony.options, origin, tweak) };
  };
  return { ...user, credentialId, assertion };
}

describe('replay', () => {
  it('an assertion that logged in once is refused in its own and in a fresh ceremony', async () => {
    const { ceremony, response } = await aliceAssertion();
    expect((await loginFinish(ceremony.ceremonyId, shop.origin, response)).status).toBe(200);
    expect(code(await loginFinish(ceremony.ceremonyId, shop.origin, response))).toMatchObject({ code: 'ceremony_invalid' });
    const fresh = await server.loginOptions(shop, 'alice', aliceDevice);
    const replayed = await loginFinish(fresh.ceremonyId, shop.origin, response);
    expect(replayed).toMatchObject({ status: 400, json: { error: { code: 'verification_failed' } } });
  });

  it('an attestation that registered once is refused in its own and in a fresh ceremony', async () => {
    const key = new SoftAuthenticator();
    const first = await server.offer(shop, 'u-replay', 'replay', device('replay'));
    const response = key.create(first.options, shop.origin);
    expect((await appendFinish(first.ceremonyId, shop.origin, response)).status).toBe(200);
    expect(code(await appendFinish(first.ceremonyId, shop.origin, response))).toMatchObject({ code: 'ceremony_invalid' });
    const fresh = await server.offer(shop, 'u-replay', 'replay', device('replay2'));
    const replayed = await appendFinish(fresh.ceremonyId, shop.origin, response);
    expect(replayed.status).toBeGreaterThanOrEqual(400);
    expect(replayed.status).toBeLessThan(500);
    expect(await server.store.listCredentials(shop.siteId, 'u-replay')).toHaveLength(1);
  });

  it('the same assertion posted twice at once logs in exactly once', async () => {
    const { ceremony, response } = await (await freshUser()).assertion();
    const replies = await Promise.all([1, 2].map(() => loginFinish(ceremony.ceremonyId, shop.origin, response)));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 400]);
  });
});

describe('a challenge is consumed by the first finish attempt, success or failure', () => {
  it('for an append: a broken attestation burns the ceremony', async () => {
    const ceremony = await server.offer(shop, 'u-burn', 'burn', device('burn'));
    const good = new SoftAuthenticator().create(ceremony.options, shop.origin);
    const broken = { ...good, response: { ...good.response, attestationObject: 'oA' } };
    expect(code(await appendFinish(ceremony.ceremonyId, shop.origin, broken))).toMatchObject({ code: 'verification_failed' });
    expect(code(await appendFinish(ceremony.ceremonyId, shop.origin, good))).toMatchObject({ code: 'ceremony_invalid' });
  });
});

describe('expiry (injected clock)', () => {
  it('a login challenge older than the TTL is refused', async () => {
    const { ceremony, response } = await (await freshUser()).assertion();
    server.clock.advance(CEREMONY_TTL_MS + 1);
    expect(await loginFinish(ceremony.ceremonyId, shop.origin, response)).toMatchObject({
      status: 400,
      json: { error: { code: 'ceremony_invalid' } },
    });
  });

  it('an append challenge older than the TTL is refused; just inside it works', async () => {
    const key = new SoftAuthenticator();
    const late = await server.offer(shop, 'u-late', 'late', device('late'));
    server.clock.advance(CEREMONY_TTL_MS + 1);
    expect(code(await appendFinish(late.ceremonyId, shop.origin, key.create(late.options, shop.origin)))).toMatchObject({
      code: 'ceremony_invalid',
    });
    const inTime = await server.offer(shop, 'u-late', 'late', device('late'));
    server.clock.advance(CEREMONY_TTL_MS - 1000);
    expect((await appendFinish(inTime.ceremonyId, shop.origin, key.create(inTime.options, shop.origin))).status).toBe(200);
  });
});

describe('a challenge only works for its own ceremony type, site and origin', () => {
  it('a login ceremony cannot finish or decline an append, and is burnt by trying', async () => {
    const { ceremony, response } = await (await freshUser()).assertion();
    const created = new SoftAuthenticator().create(
      {
        challenge: ceremony.options.challenge,
        rp: { id: 'shop.localhost', name: 'x' },
        user: { id: 'AAAA', name: 'a', displayName: 'a' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      },
      shop.origin,
    );
    expect(code(await appendFinish(ceremony.ceremonyId, shop.origin, created))).toMatchObject({ code: 'ceremony_invalid' });
    expect(code(await loginFinish(ceremony.ceremonyId, shop.origin, response))).toMatchObject({ code: 'ceremony_invalid' });
    const other = await (await freshUser()).assertion();
    const decline = await server.call('/v1/ext/append/decline', {
      body: { ceremonyId: other.ceremony.ceremonyId, origin: shop.origin, choice: 'never' },
    });
    expect(code(decline)).toMatchObject({ code: 'ceremony_invalid' });
  });

  it('an append ceremony cannot be used to report or finish a login', async () => {
    const ceremony = await server.offer(shop, 'u-kind', 'kind', device('kind'));
    const failure = await server.call('/v1/ext/login/failure', {
      body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, errorName: 'NotAllowedError' },
    });
    expect(code(failure)).toMatchObject({ code: 'ceremony_invalid' });
  });

  it('a ceremony of site A finished with the origin of site B, or signed for site B, fails', async () => {
    const { ceremony, response: forBank } = await (await freshUser()).assertion({}, bank.origin);
    expect(code(await loginFinish(ceremony.ceremonyId, bank.origin, forBank))).toMatchObject({ code: 'ceremony_invalid' });
    const second = await (await freshUser()).assertion({}, bank.origin);
    expect(code(await loginFinish(second.ceremony.ceremonyId, shop.origin, second.response))).toMatchObject({
      code: 'verification_failed',
    });
  });
});

describe('exact origin allowlist', () => {
  // shop is registered with exactly http://shop.localhost:4000.
  const lookAlikes = [
    'http://www.shop.localhost:4000', // subdomain
    'https://shop.localhost:4000', // other scheme
    'http://shop.localhost:4001', // other port
    'http://shop.localhost', // default port
    'http://shop-localhost:4000', // look-alike host
    'http://shop.localhost.evil.test:4000', // look-alike suffix
    'http://xn--shp-0na.localhost:4000', // homograph (punycode)
  ];

  it.each(lookAlikes)('%s is refused at login/start and append/start', async (origin) => {
    const start = await server.call('/v1/ext/login/start', {
      body: {
        siteId: shop.siteId,
        origin,
        username: 'alice',
        client: {
          os: 'linux',
          browser: 'chromium',
          mobile: false,
          platformAuthenticator: true,
          capabilities: {},
          devicePseudonym: aliceDevice,
        },
      },
    });
    expect(start).toMatchObject({ status: 403, json: { error: { code: 'origin_not_allowed' } } });
    const grant = await server.mintGrant(shop, 'u-origin', 'origin');
    const append = await server.call('/v1/ext/append/start', {
      body: {
        siteId: shop.siteId,
        origin,
        grant,
        client: {
          os: 'linux',
          browser: 'chromium',
          mobile: false,
          platformAuthenticator: true,
          capabilities: {},
          devicePseudonym: aliceDevice,
        },
      },
    });
    expect(append).toMatchObject({ status: 403, json: { error: { code: 'origin_not_allowed' } } });
  });

  it.each(lookAlikes)('an assertion whose clientDataJSON origin is %s fails', async (origin) => {
    const { ceremony, response } = await (await freshUser()).assertion({}, origin);
    expect(await loginFinish(ceremony.ceremonyId, shop.origin, response)).toMatchObject({
      status: 400,
      json: { error: { code: 'verification_failed' } },
    });
  });

  it('an attestation whose clientDataJSON origin is a subdomain fails', async () => {
    const ceremony = await server.offer(shop, 'u-sub', 'sub', device('sub'));
    const created = new SoftAuthenticator().create(ceremony.options, 'http://www.shop.localhost:4000');
    expect(code(await appendFinish(ceremony.ceremonyId, shop.origin, created))).toMatchObject({ code: 'verification_failed' });
    expect(await server.store.listCredentials(shop.siteId, 'u-sub')).toEqual([]);
  });
});

describe('flags and signatures', () => {
  it.each([
    ['user verification missing (UV=0)', { flags: { userVerified: false } }],
    ['user presence missing (UP=0)', { flags: { userPresent: false } }],
  ])('%s → 400', async (_what, tweak) => {
    const { ceremony, response } = await (await freshUser()).assertion(tweak);
    expect(code(await loginFinish(ceremony.ceremonyId, shop.origin, response))).toMatchObject({ code: 'verification_failed' });
  });

  it('a tampered signature, authenticator data or client data → 400', async () => {
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64url');
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
      return bytes.toString('base64url');
    };
    for (const field of ['signature', 'authenticatorData', 'clientDataJSON'] as const) {
      const { ceremony, response } = await (await freshUser()).assertion();
      const tampered = { ...response, response: { ...response.response, [field]: flip(response.response[field]) } };
      expect(code(await loginFinish(ceremony.ceremonyId, shop.origin, tampered)), field).toMatchObject({ code: 'verification_failed' });
    }
  });

  it('a registration without user verification → 400, nothing stored', async () => {
    const ceremony = await server.offer(shop, 'u-nouv', 'nouv', device('nouv'));
    const created = new SoftAuthenticator({ userVerified: false }).create(ceremony.options, shop.origin);
    expect(code(await appendFinish(ceremony.ceremonyId, shop.origin, created))).toMatchObject({ code: 'verification_failed' });
    expect(await server.store.listCredentials(shop.siteId, 'u-nouv')).toEqual([]);
  });
});

describe('whose credential it is', () => {
  it('response.id must be the credential that signed, even among the user’s own', async () => {
    const user = await freshUser();
    const second = new SoftAuthenticator();
    const secondCredential = await server.register(shop, user.userId, user.username, second, device(`${user.username}phone`));
    const { ceremony } = await user.assertion();
    // Signed by the second key, but claiming to be the first credential.
    const signed = second.get(ceremony.options, shop.origin, { credentialId: secondCredential });
    const claimed = { ...signed, id: user.credentialId, rawId: user.credentialId };
    expect(code(await loginFinish(ceremony.ceremonyId, shop.origin, claimed))).toMatchObject({ code: 'verification_failed' });
  });

  it('a userHandle of another user is refused', async () => {
    const { ceremony, response } = await (await freshUser()).assertion();
    const forged = { ...response, response: { ...response.response, userHandle: Buffer.alloc(32, 1).toString('base64url') } };
    expect(code(await loginFinish(ceremony.ceremonyId, shop.origin, forged))).toMatchObject({ code: 'verification_failed' });
  });

  it('a credential registered at another site is refused', async () => {
    const user = await freshUser();
    const key = new SoftAuthenticator();
    const bankCredential = await server.register(bank, user.userId, user.username, key, device(`${user.username}bank`));
    const { ceremony } = await user.assertion();
    const response = key.get(ceremony.options, shop.origin, { credentialId: bankCredential });
    expect(code(await loginFinish(ceremony.ceremonyId, shop.origin, response))).toMatchObject({ code: 'credential_unknown' });
  });
});

describe('a site removed while its ceremonies are open', () => {
  it('takes no "not now" and no failure report for it: nothing is written for a site that is gone', async () => {
    const temp = await server.addSite('temp.localhost');
    const key = new SoftAuthenticator();
    await server.register(temp, 'u-temp', 'temp', key, device('temp'));
    const offer = await server.offer(temp, 'u-temp', 'temp', device('temp-2'));
    const login = await server.loginOptions(temp, 'temp', device('temp'));
    expect(await server.store.removeSite(temp.siteId)).toBe(true);

    const decline = await server.call('/v1/ext/append/decline', {
      body: { ceremonyId: offer.ceremonyId, origin: temp.origin, choice: 'never' },
    });
    const failure = await server.call('/v1/ext/login/failure', {
      body: { ceremonyId: login.ceremonyId, origin: temp.origin, errorName: 'NotAllowedError' },
    });
    expect(decline.status).toBeGreaterThanOrEqual(400);
    expect(decline.status).toBeLessThan(500);
    expect(failure.status).toBe(decline.status);
    expect(await server.store.listEvents(temp.siteId, 'u-temp')).toEqual([]);
  });
});

describe('signature counter', () => {
  it('a counter that did not increase is refused, recorded, and leaves the credential as it was', async () => {
    const key = new SoftAuthenticator();
    const id = await server.register(shop, 'u-clone', 'clone', key, device('clone'));
    const ok = await server.loginOptions(shop, 'clone', device('clone'));
    expect((await loginFinish(ok.ceremonyId, shop.origin, key.get(ok.options, shop.origin, { counter: 5 }))).status).toBe(200);
    const before = await server.store.getCredential(id);
    expect(before?.counter).toBe(5);

    const cloned = await server.loginOptions(shop, 'clone', device('clone'));
    const reply = await loginFinish(cloned.ceremonyId, shop.origin, key.get(cloned.options, shop.origin, { counter: 5 }));
    expect(reply).toMatchObject({ status: 400, json: { error: { code: 'verification_failed' } } });
    expect(await server.store.getCredential(id)).toEqual(before);
    const events = await server.store.listEvents(shop.siteId, 'u-clone');
    expect(events.at(-1)).toMatchObject({ type: 'login-failure', detail: 'possible-clone' });
  });

  it('two assertions finishing together never move the counter back, nor both pass with one old value', async () => {
    const key = new SoftAuthenticator();
    const id = await server.register(shop, 'u-race', 'race', key, device('race'));
    for (let round = 0; round < 6; round += 1) {
      const high = 10 * (round + 1);
      const racer = device('race');
      const [a, b] = [await server.loginOptions(shop, 'race', racer), await server.loginOptions(shop, 'race', racer)];
      const replies = await Promise.all([
        loginFinish(a.ceremonyId, shop.origin, key.get(a.options, shop.origin, { counter: high })),
        loginFinish(b.ceremonyId, shop.origin, key.get(b.options, shop.origin, { counter: high - 1 })),
      ]);
      // The higher one always passes; the lower one only if it was stored first.
      expect(replies[0]?.status).toBe(200);
      expect((await server.store.getCredential(id))?.counter).toBe(high);
      // A clean login in between: the refused assertions are failures on this device, and the
      // engine would rightly stop offering a passkey that keeps failing here.
      const clean = await server.loginOptions(shop, 'race', racer);
      expect((await loginFinish(clean.ceremonyId, shop.origin, key.get(clean.options, shop.origin, { counter: high + 1 }))).status).toBe(
        200,
      );
      const replay = await server.loginOptions(shop, 'race', racer);
      expect((await loginFinish(replay.ceremonyId, shop.origin, key.get(replay.options, shop.origin, { counter: high + 1 }))).status).toBe(
        400,
      );
    }
  });

  it('0 / 0 (synced passkeys that never count) is fine', async () => {
    const key = new SoftAuthenticator();
    await server.register(shop, 'u-zero', 'zero', key, device('zero'));
    for (let i = 0; i < 2; i += 1) {
      const ceremony = await server.loginOptions(shop, 'zero', device('zero'));
      expect((await loginFinish(ceremony.ceremonyId, shop.origin, key.get(ceremony.options, shop.origin, { counter: 0 }))).status).toBe(
        200,
      );
    }
  });
});

describe('registration', () => {
  it('a credential id over 1023 bytes is refused; nothing stored', async () => {
    const ceremony = await server.offer(shop, 'u-long', 'long', device('long'));
    const created = new SoftAuthenticator().create(ceremony.options, shop.origin, { credentialId: new Uint8Array(1024).fill(3) });
    const reply = await appendFinish(ceremony.ceremonyId, shop.origin, created);
    expect(reply.status).toBe(400);
    expect(await server.store.listCredentials(shop.siteId, 'u-long')).toEqual([]);
  });

  it('an id registered at another site is refused (409)', async () => {
    const id = new Uint8Array(32).fill(9);
    const atShop = await server.offer(shop, 'u-dup', 'dup', device('dup'));
    expect(
      (
        await appendFinish(
          atShop.ceremonyId,
          shop.origin,
          new SoftAuthenticator().create(atShop.options, shop.origin, { credentialId: id }),
        )
      ).status,
    ).toBe(200);
    const atBank = await server.offer(bank, 'u-dup', 'dup', device('dup'));
    const reply = await appendFinish(
      atBank.ceremonyId,
      bank.origin,
      new SoftAuthenticator().create(atBank.options, bank.origin, { credentialId: id }),
    );
    expect(reply).toMatchObject({ status: 409, json: { error: { code: 'credential_exists' } } });
    expect((await server.store.getCredential(Buffer.from(id).toString('base64url')))?.siteId).toBe(shop.siteId);
  });

  it('two concurrent finishes of one registration store one credential', async () => {
    const ceremony = await server.offer(shop, 'u-twice', 'twice', device('twice'));
    const created = new SoftAuthenticator().create(ceremony.options, shop.origin);
    const replies = await Promise.all([1, 2].map(() => appendFinish(ceremony.ceremonyId, shop.origin, created)));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 400]);
    expect(await server.store.listCredentials(shop.siteId, 'u-twice')).toHaveLength(1);
  });

  it('one credential id registered concurrently by two users ends up with at most one of them', async () => {
    const id = new Uint8Array(32).fill(11);
    const [one, two] = await Promise.all([
      server.offer(shop, 'u-race1', 'race1', device('race1')),
      server.offer(shop, 'u-race2', 'race2', device('race2')),
    ]);
    if (!one || !two) throw new Error('no offers');
    const replies = await Promise.all([
      appendFinish(one.ceremonyId, shop.origin, new SoftAuthenticator().create(one.options, shop.origin, { credentialId: id })),
      appendFinish(two.ceremonyId, shop.origin, new SoftAuthenticator().create(two.options, shop.origin, { credentialId: id })),
    ]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    const owners = [
      ...(await server.store.listCredentials(shop.siteId, 'u-race1')),
      ...(await server.store.listCredentials(shop.siteId, 'u-race2')),
    ];
    expect(owners).toHaveLength(1);
  });
});
