import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendGrantReplySchema,
  appendStartReplySchema,
  loginFinishReplySchema,
  loginStartReplySchema,
  tokenVerifyReplySchema,
  type CreationOptions,
  type RequestOptions,
} from '@pkc/shared';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals, startTestServer, type TestServer, type TestSite } from '../testing/testServer.ts';

let server: TestServer;
let shop: TestSite;
let bank: TestSite;

beforeAll(async () => {
  server = await startTestServer();
  shop = await server.addSite('shop.localhost');
  bank = await server.addSite('bank.localhost');
});
afterAll(() => server.stop());

const auth = (site: TestSite, secret = site.secret) => ({ authorization: `Bearer ${secret}` });

async function mintGrant(site: TestSite, userId: string, username: string): Promise<string> {
  const { status, json } = await server.call(`/v1/sites/${site.siteId}/append-grants`, {
    body: { userId, username },
    headers: auth(site),
  });
  expect(status).toBe(201);
  return appendGrantReplySchema.parse(json).grant;
}

async function offer(site: TestSite, userId: string, username: string, device = 'device-aaaaaaaaaaaaaaaa') {
  const grant = await mintGrant(site, userId, username);
  const { status, json } = await server.call('/v1/ext/append/start', {
    body: { siteId: site.siteId, origin: site.origin, grant, client: clientSignals(device) },
  });
  expect(status).toBe(200);
  const reply = appendStartReplySchema.parse(json);
  if (reply.decision !== 'offer') throw new Error(`expected an offer, got ${reply.reason.code}`);
  return reply.ceremony;
}

async function registerPasskey(site: TestSite, userId: string, username: string, authenticator: SoftAuthenticator) {
  const ceremony = await offer(site, userId, username);
  const response = authenticator.create(ceremony.options, site.origin);
  const finish = await server.call('/v1/ext/append/finish', {
    body: { ceremonyId: ceremony.ceremonyId, origin: site.origin, response },
  });
  expect(finish).toEqual({ status: 200, json: { credentialId: response.id } });
  return response.id;
}

async function loginOptions(site: TestSite, username: string): Promise<{ ceremonyId: string; options: RequestOptions }> {
  const { status, json } = await server.call('/v1/ext/login/start', {
    body: { siteId: site.siteId, origin: site.origin, username, client: clientSignals() },
  });
  expect(status).toBe(200);
  const reply = loginStartReplySchema.parse(json);
  if (reply.decision === 'password') throw new Error('expected a passkey decision');
  return reply.ceremony;
}

async function login(site: TestSite, username: string, authenticator: SoftAuthenticator) {
  const ceremony = await loginOptions(site, username);
  return server.call('/v1/ext/login/finish', {
    body: { ceremonyId: ceremony.ceremonyId, origin: site.origin, response: authenticator.get(ceremony.options, site.origin) },
  });
}

describe('register with a grant, log in, redeem the token', () => {
  const phone = new SoftAuthenticator();

  it('runs the whole happy path and the token is single use', async () => {
    const credentialId = await registerPasskey(shop, 'u-1', 'alice', phone);
    const finish = await login(shop, 'Alice', phone);
    expect(finish.status).toBe(200);
    const { token, callbackUrl, signal } = loginFinishReplySchema.parse(finish.json);
    expect(callbackUrl).toBe(`${shop.origin}/cb`);
    // Signal API: every passkey the server accepts for alice, sent only after she was verified.
    expect(signal?.acceptedCredentialIds).toEqual([credentialId]);

    const verify = () => server.call(`/v1/sites/${shop.siteId}/login-tokens/verify`, { body: { token }, headers: auth(shop) });
    const first = await verify();
    expect(first.status).toBe(200);
    expect(tokenVerifyReplySchema.parse(first.json)).toMatchObject({ userId: 'u-1', username: 'alice', credentialId, crossDevice: false });
    expect((await verify()).json).toMatchObject({ error: { code: 'token_used' } });
    expect((await verify()).status).toBe(409);
  });

  it('publishes the signing key in the JWKS', async () => {
    const { status, json } = await server.call('/.well-known/jwks.json');
    expect(status).toBe(200);
    expect(json).toMatchObject({ keys: [{ kty: 'EC', crv: 'P-256', alg: 'ES256' }] });
    expect(JSON.stringify(json)).not.toContain('"d"');
  });

  it('rejects a token of site A at site B (audience) and a wrong secret', async () => {
    const { token } = loginFinishReplySchema.parse((await login(shop, 'alice', phone)).json);
    const atBank = await server.call(`/v1/sites/${bank.siteId}/login-tokens/verify`, { body: { token }, headers: auth(bank) });
    expect(atBank).toMatchObject({ status: 400, json: { error: { code: 'token_invalid' } } });
    const wrongSecret = await server.call(`/v1/sites/${shop.siteId}/login-tokens/verify`, {
      body: { token },
      headers: auth(shop, bank.secret),
    });
    expect(wrongSecret).toMatchObject({ status: 401, json: { error: { code: 'unauthorized' } } });
    const noSecret = await server.call(`/v1/sites/${shop.siteId}/append-grants`, { body: { userId: 'x', username: 'x' } });
    expect(noSecret.status).toBe(401);
  });

  it('consumes a challenge on the first finish attempt, success or not', async () => {
    const ceremony = await loginOptions(shop, 'alice');
    const body = { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response: phone.get(ceremony.options, shop.origin) };
    expect((await server.call('/v1/ext/login/finish', { body })).status).toBe(200);
    expect((await server.call('/v1/ext/login/finish', { body })).json).toMatchObject({ error: { code: 'ceremony_invalid' } });

    const failed = await loginOptions(shop, 'alice');
    const bad = phone.get(failed.options, 'http://evil.localhost:4000');
    const wrongOrigin = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: failed.ceremonyId, origin: shop.origin, response: bad },
    });
    expect(wrongOrigin).toMatchObject({ status: 400, json: { error: { code: 'verification_failed' } } });
    const retry = phone.get(failed.options, shop.origin);
    const again = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: failed.ceremonyId, origin: shop.origin, response: retry },
    });
    expect(again.json).toMatchObject({ error: { code: 'ceremony_invalid' } });
    // A refused assertion counts as a passkey failure on this device; a success clears it.
    expect((await login(shop, 'alice', phone)).status).toBe(200);
  });

  it('refuses origins outside the site allowlist and a finish from another origin', async () => {
    const start = await server.call('/v1/ext/login/start', {
      body: { siteId: shop.siteId, origin: 'http://evil.localhost:4000', username: 'alice', client: clientSignals() },
    });
    expect(start).toMatchObject({ status: 403, json: { error: { code: 'origin_not_allowed' } } });
    const ceremony = await loginOptions(shop, 'alice');
    const finish = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: ceremony.ceremonyId, origin: bank.origin, response: phone.get(ceremony.options, bank.origin) },
    });
    expect(finish).toMatchObject({ status: 400, json: { error: { code: 'ceremony_invalid' } } });
  });

  it('rejects a replayed counter, a changed backup-eligibility flag, id ≠ rawId and garbage CBOR', async () => {
    // Each refusal is a passkey failure on this device (two in a row would switch it to the
    // password), and the counter must not have moved: a fresh, higher counter still works.
    // (The replay below winds the authenticator's counter back, hence explicit counters.)
    let counter = 100_000;
    const stillLogsIn = async () => {
      const ceremony = await loginOptions(shop, 'alice');
      counter += 10;
      const response = phone.get(ceremony.options, shop.origin, { counter });
      const reply = await server.call('/v1/ext/login/finish', { body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response } });
      expect(reply.status).toBe(200);
    };

    const replay = await loginOptions(shop, 'alice');
    const stale = phone.get(replay.options, shop.origin, { counter: 1 });
    const replayed = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: replay.ceremonyId, origin: shop.origin, response: stale },
    });
    expect(replayed).toMatchObject({ status: 400, json: { error: { code: 'verification_failed' } } });
    await stillLogsIn();

    const flip = await loginOptions(shop, 'alice');
    const flipped = phone.get(flip.options, shop.origin, { flags: { backupEligible: false, backedUp: false } });
    const flippedReply = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: flip.ceremonyId, origin: shop.origin, response: flipped },
    });
    expect(flippedReply).toMatchObject({ status: 400, json: { error: { code: 'verification_failed' } } });
    await stillLogsIn();

    const mismatch = await loginOptions(shop, 'alice');
    const assertion = phone.get(mismatch.options, shop.origin);
    const idMismatch = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: mismatch.ceremonyId, origin: shop.origin, response: { ...assertion, rawId: 'AAAA' } },
    });
    expect(idMismatch.json).toMatchObject({ error: { code: 'verification_failed' } });

    const garbage = await loginOptions(shop, 'alice');
    const valid = phone.get(garbage.options, shop.origin);
    const broken = { ...valid, response: { ...valid.response, authenticatorData: 'AAECAwQ', signature: 'oA' } };
    const garbageReply = await server.call('/v1/ext/login/finish', {
      body: { ceremonyId: garbage.ceremonyId, origin: shop.origin, response: broken },
    });
    expect(garbageReply).toMatchObject({ status: 400, json: { error: { code: 'verification_failed' } } });
    await stillLogsIn();
  });

  it('refuses a credential of another user of the same site', async () => {
    const bobKey = new SoftAuthenticator();
    const bobCredential = await registerPasskey(shop, 'u-2', 'bob', bobKey);
    const ceremony = await loginOptions(shop, 'alice');
    const response = bobKey.get(ceremony.options, shop.origin, { credentialId: bobCredential });
    const reply = await server.call('/v1/ext/login/finish', { body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response } });
    expect(reply).toMatchObject({ status: 400, json: { error: { code: 'credential_unknown' } } });
  });
});

describe('append grants and registration', () => {
  it('burns a grant on first use and refuses a grant of site A at site B', async () => {
    const grant = await mintGrant(shop, 'u-3', 'carol');
    const start = (site: TestSite) =>
      server.call('/v1/ext/append/start', { body: { siteId: site.siteId, origin: site.origin, grant, client: clientSignals() } });
    expect((await start(shop)).status).toBe(200);
    expect(await start(shop)).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
    const other = await mintGrant(shop, 'u-3', 'carol');
    const atBank = await server.call('/v1/ext/append/start', {
      body: { siteId: bank.siteId, origin: bank.origin, grant: other, client: clientSignals() },
    });
    expect(atBank).toMatchObject({ status: 400, json: { error: { code: 'grant_invalid' } } });
  });

  it('offers options built from the site and the grant', async () => {
    const ceremony = await offer(bank, 'b-9', 'dora');
    const options: CreationOptions = ceremony.options;
    expect(options.rp).toEqual({ id: 'bank.localhost', name: 'bank.localhost' });
    expect(options.user.name).toBe('dora');
    expect(options.user.id).not.toContain('b-9');
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'required' });
    expect(options.pubKeyCredParams.map((param) => param.alg)).toEqual([-7, -257]);
  });

  it('refuses a credential id registered before (409) and a response whose id is not the attested one', async () => {
    const key = new SoftAuthenticator();
    const id = new Uint8Array(32).fill(7);
    const first = await offer(shop, 'u-4', 'erin');
    const created = key.create(first.options, shop.origin, { credentialId: id });
    expect(
      (await server.call('/v1/ext/append/finish', { body: { ceremonyId: first.ceremonyId, origin: shop.origin, response: created } }))
        .status,
    ).toBe(200);

    const second = await offer(shop, 'u-5', 'fred', 'device-bbbbbbbbbbbbbbbb');
    const duplicate = key.create(second.options, shop.origin, { credentialId: id });
    const reply = await server.call('/v1/ext/append/finish', {
      body: { ceremonyId: second.ceremonyId, origin: shop.origin, response: duplicate },
    });
    expect(reply).toMatchObject({ status: 409, json: { error: { code: 'credential_exists' } } });

    const third = await offer(shop, 'u-6', 'gina');
    const real = key.create(third.options, shop.origin);
    const swapped = { ...real, id: 'c3dhcHBlZA', rawId: 'c3dhcHBlZA' };
    const swappedReply = await server.call('/v1/ext/append/finish', {
      body: { ceremonyId: third.ceremonyId, origin: shop.origin, response: swapped },
    });
    expect(swappedReply).toMatchObject({ status: 400, json: { error: { code: 'verification_failed' } } });
  });

  it('answers garbage attestation with 400, never 500', async () => {
    const ceremony = await offer(shop, 'u-7', 'hank');
    const created = new SoftAuthenticator().create(ceremony.options, shop.origin);
    const broken = { ...created, response: { ...created.response, attestationObject: 'v2Zvbw' } };
    const reply = await server.call('/v1/ext/append/finish', {
      body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response: broken },
    });
    expect(reply).toMatchObject({ status: 400, json: { error: { code: 'verification_failed' } } });
  });
});

describe('no enumeration oracle', () => {
  it('answers an unknown user exactly like a known user without passkeys', async () => {
    await offer(bank, 'b-10', 'ivan'); // ivan exists now, without a passkey
    const ask = (username: string) =>
      server.call('/v1/ext/login/start', { body: { siteId: bank.siteId, origin: bank.origin, username, client: clientSignals() } });
    const known = await ask('ivan');
    const unknown = await ask('nobody-at-all');
    expect(known.status).toBe(200);
    expect(unknown).toEqual(known);
    expect(known.json).toMatchObject({ decision: 'password', reason: { code: 'no-passkey-yet' }, siteName: 'bank.localhost' });
  });
});

describe('append back-off', () => {
  it('skips after "never" on this device, and after three skips', async () => {
    const never = await offer(bank, 'b-11', 'jane', 'device-never-aaaaaaaaa');
    await server.call('/v1/ext/append/decline', { body: { ceremonyId: never.ceremonyId, origin: bank.origin, choice: 'never' } });
    const grant = await mintGrant(bank, 'b-11', 'jane');
    const again = await server.call('/v1/ext/append/start', {
      body: { siteId: bank.siteId, origin: bank.origin, grant, client: clientSignals('device-never-aaaaaaaaa') },
    });
    expect(again.json).toMatchObject({ decision: 'skip', reason: { code: 'never-on-this-device' } });

    for (let i = 0; i < 3; i += 1) {
      const skip = await offer(bank, 'b-12', 'kim');
      const reply = await server.call('/v1/ext/append/decline', {
        body: { ceremonyId: skip.ceremonyId, origin: bank.origin, choice: 'skip' },
      });
      expect(reply).toEqual({ status: 200, json: { ok: true } });
    }
    const grant2 = await mintGrant(bank, 'b-12', 'kim');
    const backedOff = await server.call('/v1/ext/append/start', {
      body: { siteId: bank.siteId, origin: bank.origin, grant: grant2, client: clientSignals() },
    });
    expect(backedOff.json).toMatchObject({ decision: 'skip', reason: { code: 'backed-off' } });
  });
});
