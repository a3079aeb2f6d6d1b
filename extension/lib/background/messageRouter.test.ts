import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createCompanionClient, type FetchLike } from './companionClient.ts';
import { readAppendDeclines } from './appendDeclines.ts';
import { readLastDecision } from './lastDecisions.ts';
import { createMessageRouter } from './messageRouter.ts';
import { createPseudonymStore } from './pseudonym.ts';
import { EXTENSION_ID, jsonResponse, PAGE_SIGNALS, senderFrom, SERVER_URL, SHOP } from './testing.ts';
import { ASSERTION } from '../bridge/testCredentials.ts';

const LOGIN_START = { type: 'login-start', username: 'alice', client: PAGE_SIGNALS };
const PASSWORD_REPLY = { decision: 'password', reason: { code: 'no-usable-credential', message: 'No passkey yet.' } };

interface Seen {
  url: string;
  body: unknown;
}

function routerWith(fetchImpl: FetchLike, timeBudgetMs = 3_000) {
  return createMessageRouter({
    extensionId: EXTENSION_ID,
    storage: fakeBrowser.storage.local,
    call: createCompanionClient(fetchImpl, timeBudgetMs),
    pseudonyms: createPseudonymStore(fakeBrowser.storage.local),
    partners: async () => ({ serverUrl: SERVER_URL, partners: [SHOP] }),
    now: () => 1_700_000_000_000,
  });
}

function recording(reply: () => Response): { fetch: FetchLike; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: async (url, init) => {
      seen.push({ url, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
      return reply();
    },
  };
}

describe('background message router', () => {
  beforeEach(() => fakeBrowser.reset());

  it('adds site id, origin and device pseudonym from the sender, not the message', async () => {
    const server = recording(() => jsonResponse(200, PASSWORD_REPLY));
    const route = routerWith(server.fetch);
    // A forged siteId/origin in the message is stripped by the schema and never forwarded.
    const reply = await route(
      { ...LOGIN_START, siteId: 'site_bank12345', origin: 'http://bank.localhost:4124' },
      senderFrom('http://shop.localhost:4123/login'),
    );
    expect(reply).toEqual({ ok: true, value: PASSWORD_REPLY });
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.url).toBe(`${SERVER_URL}/v1/ext/login/start`);
    expect(server.seen[0]?.body).toMatchObject({
      siteId: SHOP.siteId,
      origin: 'http://shop.localhost:4123',
      username: 'alice',
      client: { ...PAGE_SIGNALS, devicePseudonym: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) },
    });
  });

  it('answers page-config from the partner cache, without calling the server', async () => {
    const server = recording(() => jsonResponse(500, {}));
    const overrides = { username: '#member-number' };
    const route = createMessageRouter({
      extensionId: EXTENSION_ID,
      storage: fakeBrowser.storage.local,
      call: createCompanionClient(server.fetch, 3_000),
      pseudonyms: createPseudonymStore(fakeBrowser.storage.local),
      partners: async () => ({ serverUrl: SERVER_URL, partners: [{ ...SHOP, formOverrides: overrides }] }),
      now: () => 1_700_000_000_000,
    });
    const reply = await route({ type: 'page-config' }, senderFrom('http://shop.localhost:4123/members'));
    expect(reply).toEqual({ ok: true, value: { siteName: 'Shop', formOverrides: overrides } });
    expect(server.seen).toEqual([]);
    expect(await route({ type: 'page-config' }, senderFrom('http://evil.localhost:4123/'))).toMatchObject({
      ok: false,
      code: 'not_a_partner',
    });
  });

  it('remembers the last decision per site for the popup', async () => {
    const route = routerWith(recording(() => jsonResponse(200, PASSWORD_REPLY)).fetch);
    await route(LOGIN_START, senderFrom('http://shop.localhost:4123/login'));
    expect(await readLastDecision(fakeBrowser.storage.local, SHOP.siteId)).toEqual({
      kind: 'login',
      decision: 'password',
      reason: PASSWORD_REPLY.reason,
      at: 1_700_000_000_000,
    });
  });

  it('refuses a sender that is not a partner origin (other port, other host) without calling the server', async () => {
    const server = recording(() => jsonResponse(200, PASSWORD_REPLY));
    const route = routerWith(server.fetch);
    for (const url of ['http://shop.localhost:9999/login', 'http://evil.localhost:4123/login', 'https://shop.localhost:4123/login']) {
      expect(await route(LOGIN_START, senderFrom(url))).toMatchObject({ ok: false, code: 'not_a_partner' });
    }
    expect(server.seen).toHaveLength(0);
  });

  it('refuses senders that are not our top-level content script', async () => {
    const route = routerWith(recording(() => jsonResponse(200, PASSWORD_REPLY)).fetch);
    const shop = senderFrom('http://shop.localhost:4123/login');
    expect(await route(LOGIN_START, { ...shop, id: 'someotherextension' })).toMatchObject({ code: 'not_a_partner' });
    expect(await route(LOGIN_START, { ...shop, frameId: 3 })).toMatchObject({ code: 'not_a_partner' });
    expect(await route(LOGIN_START, { ...shop, tab: undefined })).toMatchObject({ code: 'not_a_partner' });
    expect(await route(LOGIN_START, { ...shop, origin: 'http://bank.localhost:4124' })).toMatchObject({ code: 'not_a_partner' });
  });

  it('never forwards a device pseudonym chosen by the page', async () => {
    const server = recording(() => jsonResponse(200, PASSWORD_REPLY));
    const route = routerWith(server.fetch);
    const forged = { ...LOGIN_START, client: { ...PAGE_SIGNALS, devicePseudonym: 'chosen-by-the-page-123' } };
    expect(await route(forged, senderFrom('http://shop.localhost:4123/login'))).toMatchObject({ ok: true });
    expect(server.seen[0]?.body).not.toMatchObject({ client: { devicePseudonym: 'chosen-by-the-page-123' } });
  });

  it('rejects messages that do not match the contract', async () => {
    const server = recording(() => jsonResponse(200, PASSWORD_REPLY));
    const route = routerWith(server.fetch);
    const shop = senderFrom('http://shop.localhost:4123/login');
    for (const message of [
      null,
      'login-start',
      { type: 'login-start', username: '', client: PAGE_SIGNALS },
      { type: 'login-finish', ceremonyId: 'cer_x', response: {} },
      { type: 'delete-everything' },
    ]) {
      const reply = await route(message, shop);
      if (reply.ok) throw new Error(`accepted ${JSON.stringify(message)}`);
      expect(reply.code).toBe('bad_message');
    }
    expect(server.seen).toHaveLength(0);
  });

  it('checks what the content script forwards from the MAIN world against the shared schemas, before any server call', async () => {
    // The content script passes the bridge's credentials and authenticator signals on unparsed
    // (bridgeReplies.ts); a page can forge both.
    const loggedIn = { token: 'a.b.c', callbackUrl: 'http://shop.localhost:4123/passkey-login' };
    const server = recording(() => jsonResponse(200, loggedIn));
    const route = routerWith(server.fetch);
    const shop = senderFrom('http://shop.localhost:4123/login');
    const ceremonyId = 'cer_abcdefghijklmnop';
    for (const message of [
      { type: 'login-finish', ceremonyId, response: { id: 'x', token: 'forged' } },
      { type: 'login-finish', ceremonyId, response: { ...ASSERTION, id: 'not base64url!' } },
      { type: 'login-finish', ceremonyId, response: { ...ASSERTION, response: { ...ASSERTION.response, signature: 'A'.repeat(1025) } } },
      { type: 'append-finish', ceremonyId, response: { ...ASSERTION, response: { clientDataJSON: 'e30' } } },
      { type: 'login-start', username: 'alice', client: { ...PAGE_SIGNALS, platformAuthenticator: 'yes' } },
      { type: 'login-start', username: 'alice', client: { ...PAGE_SIGNALS, capabilities: { ['c'.repeat(65)]: true } } },
    ]) {
      expect(await route(message, shop)).toMatchObject({ ok: false, code: 'bad_message' });
    }
    expect(server.seen).toHaveLength(0);

    expect(await route({ type: 'login-finish', ceremonyId, response: ASSERTION }, shop)).toEqual({ ok: true, value: loggedIn });
    expect(server.seen[0]?.body).toEqual({ ceremonyId, origin: 'http://shop.localhost:4123', response: ASSERTION });
  });

  it('answers with a failure, not a rejection, when the server is down, slow, erroring or talking garbage', async () => {
    const shop = senderFrom('http://shop.localhost:4123/login');
    const down = routerWith(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await down(LOGIN_START, shop)).toMatchObject({ ok: false, code: 'companion_unreachable' });

    const slow = routerWith(
      (_url, init) => new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
      30,
    );
    expect(await slow(LOGIN_START, shop)).toMatchObject({ ok: false, code: 'companion_timeout' });

    const erroring = routerWith(async () => jsonResponse(500, { error: { code: 'internal', message: 'boom' } }));
    expect(await erroring(LOGIN_START, shop)).toEqual({ ok: false, code: 'internal', message: 'boom' });

    const garbage = routerWith(async () => jsonResponse(200, { decision: 'passkey', reason: PASSWORD_REPLY.reason }));
    expect(await garbage(LOGIN_START, shop)).toMatchObject({ ok: false, code: 'companion_bad_reply' });
  });

  it('forwards finish-type messages with the sender origin', async () => {
    const server = recording(() => jsonResponse(200, { ok: true }));
    const route = routerWith(server.fetch);
    const reply = await route(
      { type: 'append-decline', ceremonyId: 'cer_abcdefghijklmnop', choice: 'never' },
      senderFrom('http://shop.localhost:4123/dashboard'),
    );
    expect(reply).toEqual({ ok: true, value: { ok: true } });
    expect(server.seen[0]).toEqual({
      url: `${SERVER_URL}/v1/ext/append/decline`,
      body: { ceremonyId: 'cer_abcdefghijklmnop', origin: 'http://shop.localhost:4123', choice: 'never' },
    });
  });

  it('applies the test-only signal override from extension storage, merging capabilities', async () => {
    const server = recording(() => jsonResponse(200, PASSWORD_REPLY));
    const route = routerWith(server.fetch);
    await fakeBrowser.storage.local.set({
      testSignalOverride: { os: 'macos', capabilities: { hybridTransport: true, conditionalGet: true } },
    });
    await route(LOGIN_START, senderFrom('http://shop.localhost:4123/login'));
    expect(server.seen[0]?.body).toMatchObject({
      client: { ...PAGE_SIGNALS, os: 'macos', capabilities: { hybridTransport: true, conditionalGet: true } },
    });
  });

  it('ignores a malformed override (and one that tries to set the pseudonym)', async () => {
    const server = recording(() => jsonResponse(200, PASSWORD_REPLY));
    const route = routerWith(server.fetch);
    for (const override of [{ os: 'plan9' }, { devicePseudonym: 'chosen-by-someone-12345' }, 'hybrid']) {
      await fakeBrowser.storage.local.set({ testSignalOverride: override });
      expect(await route(LOGIN_START, senderFrom('http://shop.localhost:4123/login'))).toMatchObject({ ok: true });
    }
    expect(server.seen).toHaveLength(3);
    for (const seen of server.seen) {
      expect(seen.body).toMatchObject({ client: PAGE_SIGNALS });
      expect(seen.body).not.toMatchObject({ client: { devicePseudonym: 'chosen-by-someone-12345' } });
    }
  });

  it('keeps a local record of declined offers for the popup, only when the server took it', async () => {
    const shop = senderFrom('http://shop.localhost:4123/dashboard');
    const skip = { type: 'append-decline', ceremonyId: 'cer_abcdefghijklmnop', choice: 'skip' };
    await routerWith(async () => jsonResponse(200, { ok: true }))(skip, shop);
    await routerWith(async () => jsonResponse(500, { error: { code: 'internal', message: 'boom' } }))(skip, shop);
    await routerWith(async () => jsonResponse(200, { ok: true }))({ ...skip, choice: 'never' }, shop);
    expect(await readAppendDeclines(fakeBrowser.storage.local, SHOP.siteId)).toEqual({
      skips: [1_700_000_000_000],
      neverAt: 1_700_000_000_000,
    });
  });
});
