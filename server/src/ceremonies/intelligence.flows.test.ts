import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendGrantReplySchema,
  appendStartReplySchema,
  clientSignalsSchema,
  loginFinishReplySchema,
  loginStartReplySchema,
  tokenVerifyReplySchema,
  type AppendStartReply,
  type ClientSignals,
  type LoginStartReply,
} from '@pkc/shared';
import {
  AAGUID,
  ANDROID_CHROME,
  MAC_CHROME,
  OTHER_MAC,
  OTHER_WINDOWS_PC,
  WINDOWS_CHROME,
  WINDOWS_EDGE_NO_BLUETOOTH,
} from '../intelligence/testFixtures.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { startTestServer, type TestServer, type TestSite } from '../testing/testServer.ts';

/*
 * Passkey Intelligence through the real endpoints (issue 3): recorded client signal sets,
 * credentials made by a software authenticator posing as each provider, history written by
 * the ceremonies themselves. One user per story, so the stories don't see each other.
 */

let server: TestServer;
let shop: TestSite;

beforeAll(async () => {
  server = await startTestServer();
  shop = await server.addSite('shop.localhost', 'Shop');
});
afterAll(() => server.stop());

const OTHER_MAC_SAFARI: ClientSignals = clientSignalsSchema.parse({
  ...MAC_CHROME,
  browser: 'Safari',
  devicePseudonym: OTHER_MAC.devicePseudonym,
});
const OFFICE_PC: ClientSignals = clientSignalsSchema.parse({ ...WINDOWS_CHROME, devicePseudonym: OTHER_WINDOWS_PC.devicePseudonym });

const iCloudKeychain = () => new SoftAuthenticator({}, { aaguid: AAGUID.icloud, transports: ['internal', 'hybrid'] });
const windowsHello = () =>
  new SoftAuthenticator({ backupEligible: false, backedUp: false }, { aaguid: AAGUID.windowsHello, transports: ['internal'] });
/** An Android phone's passkey of a provider that hides its AAGUID. */
const phonePasskeys = () => new SoftAuthenticator({}, { transports: ['hybrid', 'internal'] });

async function loginStart(username: string, client: ClientSignals): Promise<LoginStartReply> {
  const { status, json } = await server.call('/v1/ext/login/start', {
    body: { siteId: shop.siteId, origin: shop.origin, username, client },
  });
  expect(status).toBe(200);
  return loginStartReplySchema.parse(json);
}

function ceremonyOf(reply: LoginStartReply) {
  if (reply.decision === 'password') throw new Error(`expected a ceremony, got password (${reply.reason.code})`);
  return reply.ceremony;
}

/** A password login on the site, then the append its grant leads to. */
async function appendStart(user: { id: string; name: string }, client: ClientSignals): Promise<AppendStartReply> {
  const minted = await server.call(`/v1/sites/${shop.siteId}/append-grants`, {
    body: { userId: user.id, username: user.name },
    headers: { authorization: `Bearer ${shop.secret}` },
  });
  const { grant } = appendGrantReplySchema.parse(minted.json);
  const { status, json } = await server.call('/v1/ext/append/start', { body: { siteId: shop.siteId, origin: shop.origin, grant, client } });
  expect(status).toBe(200);
  return appendStartReplySchema.parse(json);
}

function offerOf(reply: AppendStartReply) {
  if (reply.decision !== 'offer') throw new Error(`expected an offer, got skip (${reply.reason.code})`);
  return reply;
}

async function createPasskey(user: { id: string; name: string }, client: ClientSignals, authenticator: SoftAuthenticator) {
  const { ceremony } = offerOf(await appendStart(user, client));
  const response = authenticator.create(ceremony.options, shop.origin);
  const finish = await server.call('/v1/ext/append/finish', { body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, response } });
  expect(finish.status).toBe(200);
  return response.id;
}

/** Finishes a login ceremony and redeems the token as the site would. */
async function signIn(reply: LoginStartReply, authenticator: SoftAuthenticator, attachment?: 'cross-platform') {
  const { ceremonyId, options } = ceremonyOf(reply);
  const response = authenticator.get(options, shop.origin, attachment === undefined ? {} : { attachment });
  const finish = await server.call('/v1/ext/login/finish', { body: { ceremonyId, origin: shop.origin, response } });
  expect(finish.status).toBe(200);
  const { token } = loginFinishReplySchema.parse(finish.json);
  const verified = await server.call(`/v1/sites/${shop.siteId}/login-tokens/verify`, {
    body: { token },
    headers: { authorization: `Bearer ${shop.secret}` },
  });
  return tokenVerifyReplySchema.parse(verified.json);
}

const reportFailure = (reply: LoginStartReply, errorName: string) =>
  server.call('/v1/ext/login/failure', { body: { ceremonyId: ceremonyOf(reply).ceremonyId, origin: shop.origin, errorName } });

async function decline(reply: AppendStartReply, choice: 'skip' | 'never') {
  const { ceremony } = offerOf(reply);
  const { status } = await server.call('/v1/ext/append/decline', {
    body: { ceremonyId: ceremony.ceremonyId, origin: shop.origin, choice },
  });
  expect(status).toBe(200);
}

describe('login decisions and the append offers that follow', () => {
  it('no passkey yet: password now, then a first-passkey offer after the password login', async () => {
    const nina = { id: 'u-nina', name: 'nina' };
    const login = await loginStart(nina.name, MAC_CHROME);
    expect(login).toEqual({
      decision: 'password',
      reason: { code: 'no-passkey-yet', message: 'Sign in with your password.' },
      siteName: 'Shop',
    });

    const offer = await appendStart(nina, MAC_CHROME);
    expect(offer).toMatchObject({
      decision: 'offer',
      variant: 'first-passkey',
      reason: { code: 'no-passkey-yet' },
      siteName: 'Shop',
      username: 'nina',
    });
    const events = await server.store.listEvents(shop.siteId, nina.id);
    expect(events.map((e) => [e.type, e.detail])).toEqual([['append-offer', 'first-passkey']]);
  });

  it('a passkey created on this device: passkey, allowing it with its stored transports; no append offer after', async () => {
    const omar = { id: 'u-omar', name: 'omar' };
    const hello = windowsHello();
    const id = await createPasskey(omar, WINDOWS_CHROME, hello);

    const login = await loginStart(omar.name, WINDOWS_CHROME);
    expect(login).toMatchObject({ decision: 'passkey', reason: { code: 'credential-usable-here' }, siteName: 'Shop' });
    const { options } = ceremonyOf(login);
    expect(options.allowCredentials).toEqual([{ id, type: 'public-key', transports: ['internal'] }]);
    expect(options.hints).toBeUndefined();

    expect(await signIn(login, hello)).toMatchObject({ userId: omar.id, credentialId: id, crossDevice: false });
    expect(await server.store.getCredential(id)).toMatchObject({ lastUsedOn: { devicePseudonym: WINDOWS_CHROME.devicePseudonym } });
    expect(await appendStart(omar, WINDOWS_CHROME)).toMatchObject({
      decision: 'skip',
      reason: { code: 'passkey-exists-here' },
      siteName: 'Shop',
    });
  });

  it('a synced iCloud Keychain passkey made on one Mac is a passkey login on another Mac', async () => {
    const pia = { id: 'u-pia', name: 'pia' };
    const keychain = iCloudKeychain();
    const id = await createPasskey(pia, MAC_CHROME, keychain);
    expect(await server.store.getCredential(id)).toMatchObject({ aaguid: AAGUID.icloud, backupEligible: true, createdOn: { os: 'macos' } });

    const login = await loginStart(pia.name, OTHER_MAC_SAFARI);
    // Where the passkey lives is said only after the login verified (security review round 2, finding 6).
    expect(login).toMatchObject({
      decision: 'passkey',
      reason: { code: 'credential-usable-here', message: 'Your passkey can sign you in here.' },
    });
    expect(await signIn(login, keychain)).toMatchObject({ credentialId: id, crossDevice: false });
  });

  it('a passkey on the phone, asked from a desktop with Bluetooth: hybrid, then an after-hybrid offer', async () => {
    const quinn = { id: 'u-quinn', name: 'quinn' };
    const phone = phonePasskeys();
    const onPhone = await createPasskey(quinn, ANDROID_CHROME, phone);
    // A second, device-bound passkey on an office PC must not be part of the phone prompt.
    const officeOffer = await appendStart(quinn, OFFICE_PC);
    expect(officeOffer).toMatchObject({ decision: 'offer', variant: 'second-device' });
    const office = windowsHello();
    const officeResponse = office.create(offerOf(officeOffer).ceremony.options, shop.origin);
    const ceremonyId = offerOf(officeOffer).ceremony.ceremonyId;
    expect(
      (await server.call('/v1/ext/append/finish', { body: { ceremonyId, origin: shop.origin, response: officeResponse } })).status,
    ).toBe(200);

    const login = await loginStart(quinn.name, MAC_CHROME);
    expect(login).toMatchObject({ decision: 'hybrid', reason: { code: 'credentials-on-phone', message: expect.stringMatching(/phone/) } });
    const { options } = ceremonyOf(login);
    expect(options.hints).toEqual(['hybrid']);
    expect(options.allowCredentials).toEqual([{ id: onPhone, type: 'public-key', transports: ['hybrid'] }]);

    expect(await signIn(login, phone, 'cross-platform')).toMatchObject({ credentialId: onPhone, crossDevice: true });
    // The phone's passkey was not used by the Mac's own authenticator: it still isn't "here".
    expect(await server.store.getCredential(onPhone)).toMatchObject({ lastUsedOn: null });
    const events = await server.store.listEvents(shop.siteId, quinn.id);
    expect(events.at(-1)).toMatchObject({ type: 'login-success', devicePseudonym: MAC_CHROME.devicePseudonym, detail: 'hybrid' });
    expect((await loginStart(quinn.name, MAC_CHROME)).decision).toBe('hybrid');

    // A desktop without Bluetooth can't reach the phone.
    expect(await loginStart(quinn.name, WINDOWS_EDGE_NO_BLUETOOTH)).toMatchObject({
      decision: 'password',
      reason: { code: 'no-usable-credential' },
    });

    const offer = await appendStart(quinn, MAC_CHROME);
    expect(offer).toMatchObject({ decision: 'offer', variant: 'after-hybrid', reason: { code: 'credentials-on-phone' } });
  });

  it('only a device-bound passkey on another PC: password, then a second-device offer; the new one is used next', async () => {
    const rosa = { id: 'u-rosa', name: 'rosa' };
    await createPasskey(rosa, WINDOWS_CHROME, windowsHello());

    const login = await loginStart(rosa.name, MAC_CHROME);
    expect(login).toEqual({
      decision: 'password',
      reason: { code: 'device-bound-elsewhere', message: 'Sign in with your password here.' },
      siteName: 'Shop',
    });
    const offer = offerOf(await appendStart(rosa, MAC_CHROME));
    expect(offer).toMatchObject({ variant: 'second-device', reason: { code: 'no-usable-credential' } });

    const keychain = iCloudKeychain();
    const response = keychain.create(offer.ceremony.options, shop.origin);
    await server.call('/v1/ext/append/finish', { body: { ceremonyId: offer.ceremony.ceremonyId, origin: shop.origin, response } });
    const next = await loginStart(rosa.name, MAC_CHROME);
    expect(next.decision).toBe('passkey');
    expect(ceremonyOf(next).options.allowCredentials?.map((c) => c.id)).toEqual([response.id]);
  });

  it('two reported passkey failures on this device: password, then a heal offer; healing restores passkey logins', async () => {
    const sam = { id: 'u-sam', name: 'sam' };
    await createPasskey(sam, MAC_CHROME, iCloudKeychain());

    const first = await loginStart(sam.name, MAC_CHROME);
    expect(first.decision).toBe('passkey');
    expect(await reportFailure(first, 'NotAllowedError')).toEqual({ status: 200, json: { ok: true } });
    // The report consumed the ceremony.
    expect(await reportFailure(first, 'NotAllowedError')).toMatchObject({ status: 400, json: { error: { code: 'ceremony_invalid' } } });
    // The page aborting its own request is not a passkey problem.
    await reportFailure(await loginStart(sam.name, MAC_CHROME), 'AbortError');
    const second = await loginStart(sam.name, MAC_CHROME);
    expect(second.decision).toBe('passkey');
    await reportFailure(second, 'NotAllowedError');
    const events = await server.store.listEvents(shop.siteId, sam.id);
    expect(events.filter((e) => e.type === 'login-failure').map((e) => e.detail)).toEqual([
      'NotAllowedError',
      'AbortError',
      'NotAllowedError',
    ]);

    expect(await loginStart(sam.name, MAC_CHROME)).toMatchObject({ decision: 'password', reason: { code: 'repeated-failures' } });
    // Failures on this Mac say nothing about the other one.
    expect((await loginStart(sam.name, OTHER_MAC_SAFARI)).decision).toBe('passkey');

    const heal = offerOf(await appendStart(sam, MAC_CHROME));
    expect(heal).toMatchObject({ variant: 'heal', reason: { code: 'repeated-failures' } });
    expect(heal.ceremony.options.excludeCredentials).toEqual([]);
    const fresh = iCloudKeychain();
    const response = fresh.create(heal.ceremony.options, shop.origin);
    await server.call('/v1/ext/append/finish', { body: { ceremonyId: heal.ceremony.ceremonyId, origin: shop.origin, response } });
    const healed = await loginStart(sam.name, MAC_CHROME);
    expect(healed.decision).toBe('passkey');
    expect((await signIn(healed, fresh)).credentialId).toBe(response.id);
  });
});

describe("don't nag, and don't tell who exists", () => {
  it('backs off after three skips on a device, and "not on this device" holds there only', async () => {
    const tara = { id: 'u-tara', name: 'tara' };
    for (let i = 0; i < 3; i += 1) await decline(await appendStart(tara, MAC_CHROME), 'skip');
    const backedOff = await appendStart(tara, MAC_CHROME);
    expect(backedOff).toMatchObject({ decision: 'skip', reason: { code: 'backed-off' }, siteName: 'Shop' });

    await decline(await appendStart(tara, WINDOWS_CHROME), 'never');
    expect(await appendStart(tara, WINDOWS_CHROME)).toMatchObject({ decision: 'skip', reason: { code: 'never-on-this-device' } });
    expect(await appendStart(tara, ANDROID_CHROME)).toMatchObject({ decision: 'offer', variant: 'first-passkey' });
    const types = (await server.store.listEvents(shop.siteId, tara.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'append-skip')).toHaveLength(3);
    expect(types).toContain('append-never');
  });

  it('answers an unknown user exactly like a known user without passkeys, history or not', async () => {
    const uma = { id: 'u-uma', name: 'uma' };
    await decline(await appendStart(uma, MAC_CHROME), 'never');
    const ask = (username: string) =>
      server.call('/v1/ext/login/start', { body: { siteId: shop.siteId, origin: shop.origin, username, client: MAC_CHROME } });
    const known = await ask('uma');
    expect(known.status).toBe(200);
    expect(await ask('nobody-at-all')).toEqual(known);
    expect(known.json).toMatchObject({ decision: 'password', reason: { code: 'no-passkey-yet' } });
  });
});
