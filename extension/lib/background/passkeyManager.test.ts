import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageSignalMethod } from '../bridge/pageSignal.ts';
import { createCompanionClient, type FetchLike } from './companionClient.ts';
import { createMessageRouter } from './messageRouter.ts';
import { createPasskeyManager } from './passkeyManager.ts';
import { createPseudonymStore } from './pseudonym.ts';
import { EXTENSION_ID, jsonResponse, PAGE_SIGNALS, senderFrom, SERVER_URL, SHOP } from './testing.ts';

/* The popup's "your passkeys" through the background (issue 14, item 4). */
const NOW = 1_700_000_000_000;
const EXTENSION_PAGE = `chrome-extension://${EXTENSION_ID}`;
const POPUP_SENDER = { id: EXTENSION_ID, url: `${EXTENSION_PAGE}/popup.html?tab=7`, origin: EXTENSION_PAGE };
const SHOP_TAB = 7;
const GRANT = 'g'.repeat(43);
const session = (n: number) => `mng_${String(n).padStart(43, 'S')}`;
const KEY_HERE = 'a2V5LWhlcmU';
const KEY_PHONE = 'a2V5LXBob25l';
const passkey = (credentialId: string, createdHere: boolean) => ({
  credentialId,
  provider: 'unknown provider',
  synced: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  createdOn: { os: 'linux', browser: 'Chromium', mobile: false },
  createdHere,
  lastUsedAt: null,
  lastUsedOn: null,
  lastUsedHere: false,
});
const signal = (ids: string[]) => ({
  rpId: 'shop.localhost',
  userId: 'dXNlcg',
  acceptedCredentialIds: ids,
  name: 'alice',
  displayName: 'Alice',
});
const EXPIRES = new Date(NOW + 600_000).toISOString();

interface Call {
  path: string;
  body: Record<string, unknown>;
}

function world(replies: Record<string, (body: Record<string, unknown>) => Response>) {
  const calls: Call[] = [];
  const signals: Array<{ tabId: number; origin: string; method: PageSignalMethod; argument: object }> = [];
  const fetchImpl: FetchLike = async (url, init) => {
    const path = new URL(url).pathname;
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    calls.push({ path, body });
    const reply = replies[path];
    return reply === undefined ? jsonResponse(404, { error: { code: 'not_found', message: 'no' } }) : reply(body);
  };
  const call = createCompanionClient(fetchImpl);
  const pseudonyms = createPseudonymStore(fakeBrowser.storage.local);
  const manager = createPasskeyManager({
    call,
    sessionStorage: fakeBrowser.storage.session,
    pseudonyms,
    now: () => NOW,
    signalInPage: async (tabId, origin, method, argument) => {
      signals.push({ tabId, origin, method, argument });
      return 'sent';
    },
  });
  const route = createMessageRouter({
    extensionId: EXTENSION_ID,
    storage: fakeBrowser.storage.local,
    call,
    pseudonyms,
    partners: async () => ({ serverUrl: SERVER_URL, partners: [SHOP] }),
    now: () => NOW,
    passkeys: {
      manager,
      extensionPageOrigin: EXTENSION_PAGE,
      tabUrl: async (tabId) => (tabId === SHOP_TAB ? 'http://shop.localhost:4123/dashboard' : 'https://example.com/'),
    },
  });
  return { route, calls, signals, manager };
}

const APPEND_SKIP = () => jsonResponse(200, { decision: 'skip', reason: { code: 'passkey-exists-here', message: 'You have one.' } });
const SESSION = () => jsonResponse(200, { session: session(1), expiresAt: EXPIRES });

/** The content script's append-start, then the background's exchange of the grant (not awaited by the router). */
async function signIn(w: ReturnType<typeof world>): Promise<void> {
  await w.route({ type: 'append-start', grant: GRANT, client: PAGE_SIGNALS }, senderFrom('http://shop.localhost:4123/dashboard'));
  await expect.poll(async () => Object.keys(await fakeBrowser.storage.session.get(null))).toHaveLength(1);
}

describe('your passkeys in the background', () => {
  beforeEach(() => fakeBrowser.reset());

  it('exchanges the grant after append/start, lists with that session, keeps the next one and tells the provider', async () => {
    const w = world({
      '/v1/ext/append/start': APPEND_SKIP,
      '/v1/ext/passkeys/session': SESSION,
      '/v1/ext/passkeys/list': () =>
        jsonResponse(200, {
          session: session(2),
          expiresAt: EXPIRES,
          username: 'alice',
          passkeys: [passkey(KEY_HERE, true)],
          signal: signal([KEY_HERE]),
        }),
    });
    await signIn(w);
    expect(w.calls.map((c) => c.path)).toEqual(['/v1/ext/append/start', '/v1/ext/passkeys/session']);
    expect(w.calls[1]?.body).toEqual({ siteId: SHOP.siteId, origin: 'http://shop.localhost:4123', grant: GRANT });

    const reply = await w.route({ type: 'passkeys-list', tabId: SHOP_TAB }, POPUP_SENDER);
    expect(reply).toEqual({
      ok: true,
      value: { status: 'ok', username: 'alice', passkeys: [passkey(KEY_HERE, true)], providerTold: 'sent' },
    });
    const pseudonym = (w.calls[0]?.body.client as { devicePseudonym?: string } | undefined)?.devicePseudonym;
    expect(pseudonym).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(w.calls[2]?.body).toEqual({
      siteId: SHOP.siteId,
      origin: 'http://shop.localhost:4123',
      session: session(1),
      devicePseudonym: pseudonym,
    });
    expect(w.signals.map((s) => [s.tabId, s.origin, s.method])).toEqual([
      [SHOP_TAB, 'http://shop.localhost:4123', 'signalAllAcceptedCredentials'],
      [SHOP_TAB, 'http://shop.localhost:4123', 'signalCurrentUserDetails'],
    ]);
    expect(w.signals[0]?.argument).toEqual({ rpId: 'shop.localhost', userId: 'dXNlcg', allAcceptedCredentialIds: [KEY_HERE] });
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain(session(2));
  });

  it('deletes with the kept session, then tells the provider the passkey is unknown', async () => {
    const w = world({
      '/v1/ext/append/start': APPEND_SKIP,
      '/v1/ext/passkeys/session': SESSION,
      '/v1/ext/passkeys/delete': (body) =>
        jsonResponse(200, {
          session: session(3),
          expiresAt: EXPIRES,
          username: 'alice',
          passkeys: [passkey(KEY_PHONE, false)],
          signal: signal([KEY_PHONE]),
          removed: body.credentialId,
        }),
    });
    await signIn(w);
    const reply = await w.route({ type: 'passkeys-delete', tabId: SHOP_TAB, credentialId: KEY_HERE }, POPUP_SENDER);
    expect(reply).toMatchObject({ ok: true, value: { status: 'ok', removed: KEY_HERE, providerTold: 'sent' } });
    expect(w.calls.at(-1)?.body).toMatchObject({ session: session(1), credentialId: KEY_HERE });
    expect(w.signals.map((s) => [s.method, s.argument])).toEqual([
      ['signalUnknownCredential', { rpId: 'shop.localhost', credentialId: KEY_HERE }],
      ['signalAllAcceptedCredentials', { rpId: 'shop.localhost', userId: 'dXNlcg', allAcceptedCredentialIds: [KEY_PHONE] }],
    ]);
  });

  it('without a recent sign-in says so and asks the server nothing', async () => {
    const w = world({});
    expect(await w.route({ type: 'passkeys-list', tabId: SHOP_TAB }, POPUP_SENDER)).toEqual({
      ok: true,
      value: { status: 'needs-sign-in' },
    });
    expect(w.calls).toEqual([]);
  });

  it('a session the server refuses (used, expired) becomes "sign in again" and is dropped', async () => {
    const w = world({
      '/v1/ext/append/start': APPEND_SKIP,
      '/v1/ext/passkeys/session': SESSION,
      '/v1/ext/passkeys/list': () => jsonResponse(401, { error: { code: 'manage_session_invalid', message: 'sign in again' } }),
    });
    await signIn(w);
    expect(await w.route({ type: 'passkeys-list', tabId: SHOP_TAB }, POPUP_SENDER)).toEqual({
      ok: true,
      value: { status: 'needs-sign-in' },
    });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(w.signals).toEqual([]);
  });

  it('a session past its end is not even sent', async () => {
    const w = world({
      '/v1/ext/append/start': APPEND_SKIP,
      '/v1/ext/passkeys/session': () => jsonResponse(200, { session: session(1), expiresAt: new Date(NOW - 1).toISOString() }),
    });
    await signIn(w);
    expect(await w.route({ type: 'passkeys-list', tabId: SHOP_TAB }, POPUP_SENDER)).toEqual({
      ok: true,
      value: { status: 'needs-sign-in' },
    });
    expect(w.calls.map((c) => c.path)).not.toContain('/v1/ext/passkeys/list');
  });

  it("refuses popup messages from a content script (a page's sender) and tabs that aren't a partner's", async () => {
    const w = world({});
    const fromPage = await w.route({ type: 'passkeys-list', tabId: SHOP_TAB }, senderFrom('http://shop.localhost:4123/dashboard'));
    expect(fromPage).toMatchObject({ ok: false, code: 'bad_message' });
    const otherExtension = await w.route({ type: 'passkeys-list', tabId: SHOP_TAB }, { ...POPUP_SENDER, id: 'another-extension' });
    expect(otherExtension).toMatchObject({ ok: false, code: 'bad_message' });
    expect(await w.route({ type: 'passkeys-delete', tabId: 8, credentialId: KEY_HERE }, POPUP_SENDER)).toMatchObject({
      ok: false,
      code: 'not_a_partner',
    });
    expect(w.calls).toEqual([]);
  });
});
