import { describe, expect, it } from 'vitest';
import type { ContentRequest, RegistrationResponse } from '@pkc/shared';
import { createAppendFlow } from './appendFlow.ts';
import { appendLead } from '../ui/overlayState.ts';
import { fakeFlowDeps, settle } from './flowTesting.ts';

const GRANT = 'grant-0123456789abcdef';
const offer = {
  decision: 'offer',
  variant: 'first-passkey',
  reason: { code: 'no-passkey-yet', message: 'No passkey yet.' },
  username: 'alice',
  ceremony: {
    ceremonyId: 'cer_abcdefghijklmnop',
    options: {
      challenge: 'Y2hhbGxlbmdl',
      rp: { id: 'shop.localhost', name: 'Shop' },
      user: { id: 'dXNlcg', name: 'alice', displayName: 'Alice' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    },
  },
};
const attestation: RegistrationResponse = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', attestationObject: 'o2M' },
};

function server(start: unknown, finish: unknown = { ok: true, value: { credentialId: 'Y3JlZA' } }) {
  return (message: ContentRequest): unknown => {
    switch (message.type) {
      case 'append-start':
        return start;
      case 'append-finish':
        return finish;
      case 'append-decline':
        return { ok: true, value: { ok: true } };
      default:
        return { ok: false, code: 'bad_message', message: 'unexpected' };
    }
  };
}

describe('append flow', () => {
  it('offers, creates and confirms a passkey', async () => {
    const fake = fakeFlowDeps({ background: server({ ok: true, value: offer }), create: async () => ({ ok: true, value: attestation }) });
    await createAppendFlow(fake.deps).grantFound(GRANT);
    expect(fake.sent[0]).toMatchObject({ type: 'append-start', grant: GRANT });
    expect(fake.current).toMatchObject({ view: 'append-offer', username: 'alice' });
    fake.click('createPasskey');
    await settle();
    expect(fake.sent[1]).toEqual({ type: 'append-finish', ceremonyId: offer.ceremony.ceremonyId, response: attestation });
    expect(fake.current?.view).toBe('append-done');
  });

  it.each([
    ['skipAppend', 'skip'],
    ['neverOnThisDevice', 'never'],
  ] as const)('%s declines with choice %s and closes', async (action, choice) => {
    const fake = fakeFlowDeps({ background: server({ ok: true, value: offer }) });
    await createAppendFlow(fake.deps).grantFound(GRANT);
    fake.click(action);
    fake.click(action); // a double click records one answer
    await settle();
    expect(fake.sent.slice(1)).toEqual([{ type: 'append-decline', ceremonyId: offer.ceremony.ceremonyId, choice }]);
    expect(fake.current).toBeUndefined();
  });

  it('shows nothing on `skip` or when the server is down', async () => {
    const skip = fakeFlowDeps({
      background: server({ ok: true, value: { decision: 'skip', reason: { code: 'backed-off', message: 'Later.' } } }),
    });
    await createAppendFlow(skip.deps).grantFound(GRANT);
    const down = fakeFlowDeps({ background: server({ ok: false, code: 'companion_timeout', message: 'slow' }) });
    await createAppendFlow(down.deps).grantFound(GRANT);
    expect([skip.views, down.views]).toEqual([[], []]);
  });

  it('ends in an error view when create() fails', async () => {
    const fake = fakeFlowDeps({
      background: server({ ok: true, value: offer }),
      create: async () => ({ ok: false, errorName: 'NotAllowedError', message: 'no' }),
    });
    await createAppendFlow(fake.deps).grantFound(GRANT);
    fake.click('createPasskey');
    await settle();
    expect(fake.current?.view).toBe('append-error');
    expect(fake.sent.map((message) => message.type)).toEqual(['append-start']);
  });

  it('ends in an error view when the background refuses a forged credential', async () => {
    // The content script forwards the bridge's credential unparsed; the background checks it.
    const forged = { id: 'x', token: 'forged' };
    const fake = fakeFlowDeps({
      background: server(
        { ok: true, value: offer },
        { ok: false, code: 'bad_message', message: 'the message does not match the contract' },
      ),
      create: async () => ({ ok: true, value: forged }),
    });
    await createAppendFlow(fake.deps).grantFound(GRANT);
    fake.click('createPasskey');
    await settle();
    expect(fake.sent[1]).toMatchObject({ type: 'append-finish', response: forged });
    expect(fake.current?.view).toBe('append-error');
  });

  it.each([
    ['first-passkey', /Sign in to Shop faster next time/],
    ['after-hybrid', /^Sign in faster next time on this computer: create a passkey here\.$/],
    [
      'heal',
      /^Your passkey for Shop didn’t work on this device\. Create a new one to sign in with your fingerprint, face or screen lock\.$/,
    ],
    ['second-device', /^Your other passkeys are on other devices\. Add one for this device too\.$/],
  ] as const)('words the %s offer for its variant, with the server’s site name', async (variant, lead) => {
    const fake = fakeFlowDeps({ background: server({ ok: true, value: { ...offer, variant, siteName: 'Shop' } }) });
    await createAppendFlow(fake.deps).grantFound(GRANT);
    const state = fake.current;
    if (state?.view !== 'append-offer') throw new Error('no offer shown');
    expect(state).toMatchObject({ site: 'Shop', variant });
    expect(appendLead(state.variant, state.site)).toMatch(lead);
  });

  it('names the site by its hostname when the server sends no siteName', async () => {
    const fake = fakeFlowDeps({ background: server({ ok: true, value: offer }) });
    await createAppendFlow(fake.deps).grantFound(GRANT);
    expect(fake.current).toMatchObject({ site: 'shop.localhost' });
  });

  it('the × while the browser asks for the passkey cancels the prompt, and the card stays closed whatever comes back', async () => {
    let cancelled: AbortSignal | undefined;
    let answer: (result: { ok: true; value: RegistrationResponse }) => void = () => undefined;
    const fake = fakeFlowDeps({
      background: server({ ok: true, value: offer }),
      create: (...args: unknown[]) => {
        cancelled = args[1] as AbortSignal;
        return new Promise((resolve) => (answer = resolve));
      },
    });
    await createAppendFlow(fake.deps).grantFound(GRANT);
    fake.click('createPasskey');
    await settle();
    expect(fake.current).toMatchObject({ view: 'append-progress', step: 'waiting-for-passkey' });
    fake.click('close');
    expect(cancelled?.aborted).toBe(true);
    expect(fake.current).toBeUndefined();
    // A prompt that resolved all the same (a passkey made as the × was clicked) is saved, silently.
    answer({ ok: true, value: attestation });
    await settle();
    expect(fake.current).toBeUndefined();
    expect(fake.views.at(-1)).toBe('hidden');
    expect(fake.sent.map((message) => message.type)).toEqual(['append-start', 'append-finish']);
  });

  describe('automatic upgrade (conditional create) where the browser can', () => {
    const capable = {
      os: 'linux' as const,
      browser: 'chromium',
      mobile: false,
      platformAuthenticator: true,
      capabilities: { conditionalCreate: true },
      devicePseudonym: 'device-aaaaaaaaaaaaaaaa',
    };

    it('the browser makes the passkey: finished as conditional, no offer shown, a done card', async () => {
      const asked: Array<{ windowMs: number; userVerification: unknown }> = [];
      const fake = fakeFlowDeps({
        background: server({ ok: true, value: offer }),
        createConditionally: async (options, windowMs) => {
          asked.push({
            windowMs,
            userVerification: (options as { authenticatorSelection?: { userVerification?: string } }).authenticatorSelection
              ?.userVerification,
          });
          return { ok: true, value: attestation };
        },
      });
      fake.deps.signals = async () => capable;
      await createAppendFlow(fake.deps).grantFound(GRANT);
      expect(asked).toEqual([{ windowMs: 1_000, userVerification: 'preferred' }]);
      expect(fake.sent[1]).toEqual({
        type: 'append-finish',
        ceremonyId: offer.ceremony.ceremonyId,
        response: attestation,
        mediation: 'conditional',
      });
      expect(fake.views).toEqual(['append-done']);
    });

    it('the browser declines (or lets the window pass): the popup offers as before, with the same ceremony', async () => {
      const fake = fakeFlowDeps({
        background: server({ ok: true, value: offer }),
        createConditionally: async () => ({ ok: false, errorName: 'TimeoutError', message: 'no answer in time' }),
      });
      fake.deps.signals = async () => capable;
      await createAppendFlow(fake.deps).grantFound(GRANT);
      expect(fake.current).toMatchObject({ view: 'append-offer', username: 'alice' });
      expect(fake.sent.map((message) => message.type)).toEqual(['append-start']);
    });

    it("not tried where the browser can't", async () => {
      let tried = false;
      const fake = fakeFlowDeps({
        background: server({ ok: true, value: offer }),
        createConditionally: async () => {
          tried = true;
          return { ok: false, errorName: 'NotAllowedError', message: '' };
        },
      });
      await createAppendFlow(fake.deps).grantFound(GRANT);
      expect(tried).toBe(false);
      expect(fake.current?.view).toBe('append-offer');
    });
  });
});
