import { describe, expect, it, vi } from 'vitest';
import type { ContentRequest } from '@pkc/shared';
import { ASSERTION as assertion } from '../bridge/testCredentials.ts';
import type { BridgeResult } from '../bridge/bridgeClient.ts';
import { NO_ACTIONS } from './flowDeps.ts';
import { fakeFlowDeps, settle } from './flowTesting.ts';
import { createLoginFlow } from './loginFlow.ts';
import { testDocument } from '../formDetection/testPage.ts';

const reason = { code: 'credential-usable-here', message: 'A passkey on this device.' } as const;
const ceremony = { ceremonyId: 'cer_abcdefghijklmnop', options: { challenge: 'Y2hhbGxlbmdl', rpId: 'shop.localhost', timeout: 60_000 } };

const SIGNAL = { userId: 'dXNlcg', acceptedCredentialIds: ['Y3JlZA', 'b3RoZXI'] };

function server(
  decision: 'passkey' | 'hybrid' | 'password',
  finish: unknown = { ok: true, value: { token: 'a.b.c', callbackUrl: 'http://shop.localhost/passkey-login' } },
) {
  return (message: ContentRequest): unknown => {
    switch (message.type) {
      case 'login-start':
        return { ok: true, value: decision === 'password' ? { decision, reason } : { decision, reason, ceremony } };
      case 'login-finish':
        return finish;
      case 'login-failure':
        return { ok: true, value: { ok: true } };
      default:
        return { ok: false, code: 'bad_message', message: 'unexpected' };
    }
  };
}

describe('login flow', () => {
  it('on `passkey` starts the passkey login by itself and posts the token to the callback', async () => {
    const fake = fakeFlowDeps({ background: server('passkey'), get: async () => ({ ok: true, value: assertion }) });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.sent.map((message) => message.type)).toEqual(['login-start', 'login-finish']);
    expect(fake.sent[1]).toMatchObject({ ceremonyId: ceremony.ceremonyId, response: assertion });
    expect(fake.navigations).toEqual([{ callbackUrl: 'http://shop.localhost/passkey-login', token: 'a.b.c' }]);
    expect(fake.views).toEqual(['login-progress', 'login-progress', 'login-redirect']);
    expect(fake.providerSignals).toEqual([]);
  });

  it('on `password` shows nothing and asks only once per username', async () => {
    const fake = fakeFlowDeps({ background: server('password') });
    const flow = createLoginFlow(fake.deps);
    await flow.identifierEntered('alice');
    await flow.identifierEntered('alice');
    expect(fake.sent).toHaveLength(1);
    expect(fake.views).toEqual(['hidden']);
    await flow.identifierEntered('bob');
    expect(fake.sent).toHaveLength(2);
  });

  it('on `hybrid` waits for the click before starting the ceremony', async () => {
    let gets = 0;
    const fake = fakeFlowDeps({
      background: server('hybrid'),
      get: async () => {
        gets += 1;
        return { ok: true, value: assertion };
      },
    });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.current?.view).toBe('login-hybrid-offer');
    expect(gets).toBe(0);
    fake.click('hybrid');
    await settle();
    expect(gets).toBe(1);
    expect(fake.navigations).toHaveLength(1);
  });

  it('reports a failed get() with its DOMException name, shows the error, and retries with a new ceremony', async () => {
    let attempt = 0;
    const fake = fakeFlowDeps({
      background: server('passkey'),
      get: async () => {
        attempt += 1;
        return attempt === 1 ? { ok: false, errorName: 'NotAllowedError', message: 'cancelled' } : { ok: true, value: assertion };
      },
    });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.sent[1]).toEqual({ type: 'login-failure', ceremonyId: ceremony.ceremonyId, errorName: 'NotAllowedError' });
    expect(fake.current?.view).toBe('login-error');
    fake.click('passkey');
    await settle();
    expect(fake.sent.map((message) => message.type)).toEqual(['login-start', 'login-failure', 'login-start', 'login-finish']);
    expect(fake.navigations).toHaveLength(1);
  });

  it.each([
    ['the server refuses the assertion', assertion, 'verification_failed'],
    // The content script forwards the bridge's credential unparsed; the background checks it.
    ['the background refuses a forged credential', { id: 'x', token: 'forged' }, 'bad_message'],
  ])('shows an error when %s, never navigates, and "use password" closes it', async (_case, credential, code) => {
    const fake = fakeFlowDeps({
      background: server('passkey', { ok: false, code, message: 'no' }),
      get: async () => ({ ok: true, value: credential }),
    });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.sent[1]).toMatchObject({ type: 'login-finish', response: credential });
    expect(fake.current?.view).toBe('login-error');
    expect(fake.navigations).toEqual([]);
    fake.click('usePassword');
    expect(fake.current).toBeUndefined();
  });

  it('starts no passkey prompt when the person went on with the password while the companion decided', async () => {
    let movedOn = false;
    const fake = fakeFlowDeps({
      background: (message) => {
        // The reply arrives after the person typed into the password field.
        movedOn = true;
        return server('passkey')(message);
      },
      get: async () => ({ ok: true, value: assertion }),
    });
    await createLoginFlow(fake.deps).identifierEntered('alice', () => movedOn);
    expect(fake.sent.map((message) => message.type)).toEqual(['login-start']);
    expect(fake.views).toEqual(['hidden']);
    expect(fake.navigations).toEqual([]);
  });

  it('a username corrected while the first is decided: the first decision is dropped, the new name asked', async () => {
    const fake = fakeFlowDeps({ background: server('passkey'), get: async () => ({ ok: true, value: assertion }) });
    const flow = createLoginFlow(fake.deps);
    const first = flow.identifierEntered('alcie');
    await flow.identifierEntered('alice');
    await first;
    const starts = fake.sent.filter((message) => message.type === 'login-start');
    expect(starts.map((message) => message.username)).toEqual(['alcie', 'alice']);
    // One ceremony, for the corrected name.
    expect(fake.sent.filter((message) => message.type === 'login-finish')).toHaveLength(1);
    expect(fake.navigations).toHaveLength(1);
  });

  it("when the site's callback can't be navigated to, says so instead of spinning, and × closes it", async () => {
    const fake = fakeFlowDeps({ background: server('passkey'), get: async () => ({ ok: true, value: assertion }), callbackUsable: false });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.views).toEqual(['login-progress', 'login-progress', 'login-redirect', 'login-error']);
    expect(fake.current).toMatchObject({ view: 'login-error', retry: false });
    fake.click('usePassword');
    expect(fake.current).toBeUndefined();
  });

  it('a name entered while a clicked ceremony runs is asked about once it ends, and nothing after the token is sent', async () => {
    let answer: (result: { ok: false; errorName: string; message: string }) => void = () => undefined;
    const fake = fakeFlowDeps({
      background: server('hybrid'),
      get: () => new Promise((resolve) => (answer = resolve)),
    });
    const flow = createLoginFlow(fake.deps);
    await flow.identifierEntered('alice');
    fake.click('hybrid');
    await settle();
    await flow.identifierEntered('bob');
    answer({ ok: false, errorName: 'NotAllowedError', message: 'cancelled' });
    await settle();
    await settle();
    const starts = () => fake.sent.filter((message) => message.type === 'login-start').map((message) => message.username);
    expect(starts()).toEqual(['alice', 'bob']);

    // Once a passkey login has posted its token, the page is leaving: no more questions.
    const done = fakeFlowDeps({ background: server('passkey'), get: async () => ({ ok: true, value: assertion }) });
    const leaving = createLoginFlow(done.deps);
    await leaving.identifierEntered('alice');
    await leaving.identifierEntered('bob');
    expect(done.sent.filter((message) => message.type === 'login-start')).toHaveLength(1);
  });

  it('listens again when the page is still there long after the token was posted (the navigation never happened)', async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeFlowDeps({ background: server('passkey'), get: async () => ({ ok: true, value: assertion }) });
      const flow = createLoginFlow(fake.deps);
      await flow.identifierEntered('alice');
      await flow.identifierEntered('bob');
      expect(fake.sent.filter((message) => message.type === 'login-start')).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(10_000);
      await flow.identifierEntered('bob');
      expect(fake.sent.filter((message) => message.type === 'login-start')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends quietly when the background fails (server down)', async () => {
    const fake = fakeFlowDeps({ background: () => ({ ok: false, code: 'companion_unreachable', message: 'down' }) });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.views).toEqual(['hidden']);
  });

  it('"use password" during the ceremony cancels it and closes the overlay', async () => {
    let cancelSignal: AbortSignal | undefined;
    const fake = fakeFlowDeps({ background: server('passkey') });
    fake.deps.bridge.get = (_options, cancel) =>
      new Promise((resolve) => {
        cancelSignal = cancel;
        cancel?.addEventListener('abort', () => resolve({ ok: false, errorName: 'AbortError', message: 'cancelled' }));
      });
    const done = createLoginFlow(fake.deps).identifierEntered('alice');
    await settle();
    fake.click('usePassword');
    await done;
    expect(cancelSignal?.aborted).toBe(true);
    expect(fake.current).toBeUndefined();
    expect(fake.sent.at(-1)).toMatchObject({ type: 'login-failure', errorName: 'AbortError' });
  });

  it('on `hybrid` explains the phone + Bluetooth step with the site name, then uses the options as sent', async () => {
    const hybridCeremony = {
      ...ceremony,
      options: { ...ceremony.options, allowCredentials: [{ id: 'Y3JlZA', type: 'public-key', transports: ['hybrid'] }], hints: ['hybrid'] },
    };
    const seenOptions: unknown[] = [];
    const fake = fakeFlowDeps({
      background: (message) =>
        message.type === 'login-start'
          ? {
              ok: true,
              value: {
                decision: 'hybrid',
                reason: { code: 'credentials-on-phone', message: '' },
                siteName: 'Shop',
                ceremony: hybridCeremony,
              },
            }
          : server('hybrid')(message),
    });
    fake.deps.bridge.get = async (options) => {
      seenOptions.push(options);
      return { ok: true, value: assertion };
    };
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.current).toEqual({ view: 'login-hybrid-offer', site: 'Shop', explanation: 'Your passkey for Shop is on your phone.' });
    fake.click('hybrid');
    await settle();
    expect(seenOptions).toEqual([hybridCeremony.options]);
    expect(fake.sent.map((message) => message.type)).toEqual(['login-start', 'login-finish']);
    expect(fake.navigations).toHaveLength(1);
  });

  it('on `hybrid` uses the server’s reason sentence when it has one, and the hostname without a siteName', async () => {
    const phone = { code: 'credentials-on-phone', message: 'Alice’s passkey is on her Android phone.' };
    const fake = fakeFlowDeps({
      background: (message) =>
        message.type === 'login-start' ? { ok: true, value: { decision: 'hybrid', reason: phone, ceremony } } : undefined,
    });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.current).toEqual({ view: 'login-hybrid-offer', site: 'shop.localhost', explanation: phone.message });
  });

  it.each([
    ['NotAllowedError', /wasn’t used — it may have been deleted from this device, or the prompt was cancelled/],
    ['TimeoutError', /took too long/],
    ['SecurityError', /isn’t allowed/],
    ['SomethingNew', /Something went wrong/],
  ])('a get() failing with %s shows a matching sentence', async (errorName, sentence) => {
    const fake = fakeFlowDeps({ background: server('passkey'), get: async () => ({ ok: false, errorName, message: '' }) });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.current).toMatchObject({ view: 'login-error', message: expect.stringMatching(sentence) });
  });

  it('does not signal the provider after a failed get(): the user is not verified yet', async () => {
    const fake = fakeFlowDeps({
      background: server('passkey'),
      get: async () => ({ ok: false, errorName: 'NotAllowedError', message: '' }),
    });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.current?.view).toBe('login-error');
    expect(fake.providerSignals).toEqual([]);
  });

  it('signals the accepted credentials the verified login returned, before leaving the page', async () => {
    const finish = { ok: true, value: { token: 'a.b.c', callbackUrl: 'http://shop.localhost/passkey-login', signal: SIGNAL } };
    const fake = fakeFlowDeps({ background: server('passkey', finish), get: async () => ({ ok: true, value: assertion }) });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.providerSignals).toEqual([
      {
        kind: 'accepted',
        payload: { rpId: 'shop.localhost', userId: SIGNAL.userId, allAcceptedCredentialIds: SIGNAL.acceptedCredentialIds },
        navigated: false,
      },
    ]);
    expect(fake.navigations).toHaveLength(1);
  });

  it('tells the provider about a credential the server does not know', async () => {
    const fake = fakeFlowDeps({
      background: server('passkey', { ok: false, code: 'credential_unknown', message: 'unknown' }),
      get: async () => ({ ok: true, value: assertion }),
    });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.providerSignals).toEqual([
      { kind: 'unknown', payload: { rpId: 'shop.localhost', credentialId: assertion.id }, navigated: false },
    ]);
    expect(fake.current?.view).toBe('login-error');
  });

  it('shows progress while waiting for the passkey and while the server checks it', async () => {
    let release: (() => void) | undefined;
    const fake = fakeFlowDeps({ background: server('passkey') });
    fake.deps.bridge.get = () => new Promise((resolve) => (release = () => resolve({ ok: true, value: assertion })));
    const done = createLoginFlow(fake.deps).identifierEntered('alice');
    await settle();
    expect(fake.current).toMatchObject({ view: 'login-progress', step: 'waiting-for-passkey', crossDevice: false });
    release?.();
    await done;
    expect(fake.views).toEqual(['login-progress', 'login-progress', 'login-redirect']);
  });

  describe('a password login steps over any login card (issue 17)', () => {
    const failing = async () => ({ ok: false as const, errorName: 'NotAllowedError', message: 'deleted' });

    it('the error card goes when the person types the password, and nothing comes back', async () => {
      const fake = fakeFlowDeps({ background: server('passkey'), get: failing });
      const flow = createLoginFlow(fake.deps);
      await flow.identifierEntered('alice');
      expect(fake.current?.view).toBe('login-error');
      flow.passwordLoginStarted();
      expect(fake.current).toBeUndefined();
      await settle();
      expect(fake.current).toBeUndefined();
    });

    it('the hybrid offer goes too, and its ceremony never starts', async () => {
      let gets = 0;
      const fake = fakeFlowDeps({
        background: server('hybrid'),
        get: async () => {
          gets += 1;
          return { ok: true, value: assertion };
        },
      });
      const flow = createLoginFlow(fake.deps);
      await flow.identifierEntered('alice');
      expect(fake.current?.view).toBe('login-hybrid-offer');
      flow.passwordLoginStarted();
      expect(fake.current).toBeUndefined();
      expect(gets).toBe(0);
    });

    it('the spinner goes and its ceremony is aborted: no error, no login-finish, no navigation', async () => {
      let aborted: AbortSignal | undefined;
      const fake = fakeFlowDeps({
        background: server('passkey'),
        get: (_options: unknown, signal?: AbortSignal) =>
          new Promise<BridgeResult<unknown>>((resolve) => {
            aborted = signal;
            signal?.addEventListener('abort', () => resolve({ ok: false, errorName: 'AbortError', message: 'aborted' }));
          }),
      });
      const flow = createLoginFlow(fake.deps);
      const done = flow.identifierEntered('alice');
      await settle();
      expect(fake.current?.view).toBe('login-progress');
      flow.passwordLoginStarted();
      await done;
      expect(aborted?.aborted).toBe(true);
      expect(fake.current).toBeUndefined();
      expect(fake.sent.map((message) => message.type)).toEqual(['login-start', 'login-failure']);
      expect(fake.navigations).toEqual([]);
    });

    it("leaves alone a card that is no longer the login's (an append offer shown since) and the redirect", async () => {
      const fake = fakeFlowDeps({ background: server('passkey'), get: failing });
      const flow = createLoginFlow(fake.deps);
      await flow.identifierEntered('alice');
      fake.deps.overlay.show({ view: 'append-offer', site: 'Shop', username: 'alice', variant: 'first-passkey' }, NO_ACTIONS);
      flow.passwordLoginStarted();
      expect(fake.current?.view).toBe('append-offer');

      const redirecting = fakeFlowDeps({ background: server('passkey'), get: async () => ({ ok: true, value: assertion }) });
      const second = createLoginFlow(redirecting.deps);
      await second.identifierEntered('alice');
      expect(redirecting.current?.view).toBe('login-redirect');
      second.passwordLoginStarted();
      expect(redirecting.current?.view).toBe('login-redirect');
    });

    it('"Use password" puts the focus on the password field of the form the identifier came from', async () => {
      const fake = fakeFlowDeps({ background: server('passkey'), get: failing });
      const focused: string[] = [];
      const passwordField = { focus: () => focused.push('password') } as unknown as HTMLElement;
      await createLoginFlow(fake.deps).identifierEntered(
        'alice',
        () => false,
        () => passwordField,
      );
      fake.click('usePassword');
      expect(fake.current).toBeUndefined();
      expect(focused).toEqual(['password']);
    });
  });

  describe('immediate mode (unsure whether a passkey is here)', () => {
    const check = {
      decision: 'passkey',
      reason: { code: 'checking-this-device', message: 'Checking.' },
      ceremony,
      mediation: 'immediate',
    } as const;
    /** First a check, then (asked again) `then`. */
    function checkingServer(then: unknown) {
      let starts = 0;
      return (message: ContentRequest): unknown => {
        if (message.type === 'login-start') {
          starts += 1;
          return { ok: true, value: starts === 1 ? check : then };
        }
        return server('passkey')(message);
      };
    }

    it('a passkey here: signed in with no prompt card first', async () => {
      const fake = fakeFlowDeps({ background: checkingServer(undefined), getImmediately: async () => ({ ok: true, value: assertion }) });
      await createLoginFlow(fake.deps).identifierEntered('alice');
      expect(fake.sent.map((message) => message.type)).toEqual(['login-start', 'login-finish']);
      expect(fake.views).toEqual(['login-progress', 'login-redirect']);
      expect(fake.navigations).toHaveLength(1);
    });

    it('none here: nothing shown, reported, and the companion asked again once (its answer is acted on)', async () => {
      const fake = fakeFlowDeps({
        background: checkingServer({ decision: 'password', reason: { code: 'not-on-this-device', message: 'None here.' } }),
        getImmediately: async () => ({ ok: false, errorName: 'NotAllowedError', message: '' }),
      });
      await createLoginFlow(fake.deps).identifierEntered('alice');
      expect(fake.sent.map((message) => message.type)).toEqual(['login-start', 'login-failure', 'login-start']);
      expect(fake.sent[1]).toMatchObject({ errorName: 'NotAllowedError' });
      expect(fake.views.filter((view) => view !== 'hidden')).toEqual([]);
    });

    it('asked again, a second check is not run (no loop)', async () => {
      let checks = 0;
      const fake = fakeFlowDeps({
        background: checkingServer(check),
        getImmediately: async () => {
          checks += 1;
          return { ok: false, errorName: 'NotAllowedError', message: '' };
        },
      });
      await createLoginFlow(fake.deps).identifierEntered('alice');
      expect(checks).toBe(1);
      expect(fake.views.filter((view) => view !== 'hidden')).toEqual([]);
    });

    it("at most two checks per page in five seconds (the browser's limit)", async () => {
      let checks = 0;
      let clock = 0;
      const fake = fakeFlowDeps({
        background: (message: ContentRequest) => (message.type === 'login-start' ? { ok: true, value: check } : server('passkey')(message)),
        getImmediately: async () => {
          checks += 1;
          return { ok: false, errorName: 'AbortError', message: '' };
        },
      });
      const flow = createLoginFlow(fake.deps, () => clock);
      for (const name of ['a', 'b', 'c']) await flow.identifierEntered(name);
      expect(checks).toBe(2);
      clock = 5_000;
      await flow.identifierEntered('d');
      expect(checks).toBe(3);
    });
  });

  it("after a login, tells the provider the accepted passkeys and then the account's current names (Signal API)", async () => {
    const signal = { ...SIGNAL, name: 'alice@shop.example', displayName: 'Alice' };
    const fake = fakeFlowDeps({
      background: server('passkey', { ok: true, value: { token: 'a.b.c', callbackUrl: 'http://shop.localhost/passkey-login', signal } }),
      get: async () => ({ ok: true, value: assertion }),
    });
    await createLoginFlow(fake.deps).identifierEntered('alice');
    expect(fake.providerSignals).toEqual([
      {
        kind: 'accepted',
        payload: { rpId: 'shop.localhost', userId: SIGNAL.userId, allAcceptedCredentialIds: SIGNAL.acceptedCredentialIds },
        navigated: false,
      },
      {
        kind: 'details',
        payload: { rpId: 'shop.localhost', userId: SIGNAL.userId, name: 'alice@shop.example', displayName: 'Alice' },
        navigated: false,
      },
    ]);
  });

  describe('passkey autofill', () => {
    const conditional = { siteName: 'Shop', ceremony };
    const autofillServer = (message: ContentRequest): unknown =>
      message.type === 'login-conditional' ? { ok: true, value: conditional } : server('passkey')(message);
    const withConditionalGet = {
      os: 'linux' as const,
      browser: 'chromium',
      mobile: false,
      platformAuthenticator: true,
      capabilities: { conditionalGet: true },
    };
    const field = () => {
      const doc = testDocument('<form><input id="username" autocomplete="email"><input type="password"></form>');
      return doc.querySelector('input') as HTMLInputElement;
    };

    it("adds webauthn to the field's autocomplete, waits for the pick, and signs in with the chosen passkey", async () => {
      let pick: (value: BridgeResult<unknown>) => void = () => undefined;
      const fake = fakeFlowDeps({ background: autofillServer, getConditionally: () => new Promise((resolve) => (pick = resolve)) });
      fake.deps.signals = async () => withConditionalGet;
      const input = field();
      createLoginFlow(fake.deps).offerAutofill(input);
      await settle();
      expect(input.getAttribute('autocomplete')).toBe('email webauthn');
      expect(fake.sent.map((message) => message.type)).toEqual(['login-conditional']);
      pick({ ok: true, value: assertion });
      await settle();
      expect(fake.sent[1]).toMatchObject({ type: 'login-finish', ceremonyId: ceremony.ceremonyId, response: assertion });
      expect(fake.navigations).toHaveLength(1);
    });

    it('a username entered ends the autofill request before the usual ceremony starts', async () => {
      let signal: AbortSignal | undefined;
      const fake = fakeFlowDeps({
        background: autofillServer,
        getConditionally: (_options, cancel) => {
          signal = cancel;
          return new Promise((resolve) =>
            cancel.addEventListener('abort', () => resolve({ ok: false, errorName: 'AbortError', message: '' })),
          );
        },
        get: async () => ({ ok: true, value: assertion }),
      });
      fake.deps.signals = async () => withConditionalGet;
      const flow = createLoginFlow(fake.deps);
      flow.offerAutofill(field());
      await settle();
      expect(signal?.aborted).toBe(false);
      await flow.identifierEntered('alice');
      expect(signal?.aborted).toBe(true);
      expect(fake.navigations).toHaveLength(1);
    });

    it('not offered where the browser has no conditional get', async () => {
      const fake = fakeFlowDeps({ background: autofillServer });
      const input = field();
      createLoginFlow(fake.deps).offerAutofill(input);
      await settle();
      expect(fake.sent).toEqual([]);
      expect(input.getAttribute('autocomplete')).toBe('email');
    });
  });
});
