import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestOptions } from '@pkc/shared';
import { createBridgeClient } from './bridgeClient.ts';
import { fakeWindow } from './fakeWindow.ts';
import { startBridge } from './mainWorldBridge.ts';
import { BRIDGE_CHANNEL, isRecord } from './protocol.ts';
import { ASSERTION } from './testCredentials.ts';

const NONCE = '0123456789abcdef0123456789abcdef';
const OPTIONS: RequestOptions = { challenge: 'Y2hhbGxlbmdl', rpId: 'shop.localhost', timeout: 60_000 };
const ACCEPTED = { rpId: 'shop.localhost', userId: 'dXNlcg', allAcceptedCredentialIds: ['Y3JlZA'] };

/** The id of the first request the content script posted (what a page script could observe). */
function firstRequestId(posted: unknown[]): string {
  const request = posted.find((message) => isRecord(message) && message.direction === 'to-bridge');
  if (!isRecord(request) || typeof request.id !== 'string') throw new Error('no request posted');
  return request.id;
}

const reply = (id: string, extra: Record<string, unknown>) => ({ channel: BRIDGE_CHANNEL, direction: 'from-bridge', id, ...extra });

describe('content ↔ bridge channel', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('the content script ignores replies with the wrong nonce or a malformed envelope, and times out', async () => {
    vi.useFakeTimers();
    const fake = fakeWindow();
    const client = createBridgeClient(fake.window, NONCE);
    const pending = client.get(OPTIONS);
    await vi.advanceTimersByTimeAsync(1);
    const id = firstRequestId(fake.posted);
    fake.inject(reply(id, { nonce: 'guessed-by-the-page', ok: true, result: ASSERTION }));
    fake.inject(reply(id, { nonce: NONCE, ok: 'yes', result: ASSERTION }));
    fake.inject({ ...reply(id, { nonce: NONCE, ok: true, result: ASSERTION }), channel: 'other' });
    await vi.advanceTimersByTimeAsync(62_001);
    expect(await pending).toMatchObject({ ok: false, errorName: 'TimeoutError' });
  });

  it('a forged result with the right envelope but no credential id is refused', async () => {
    // One with an id passes here; the background refuses it against the WebAuthn schema
    // (messageRouter.test.ts).
    const fake = fakeWindow();
    const client = createBridgeClient(fake.window, NONCE);
    const pending = client.get(OPTIONS);
    fake.inject(reply(firstRequestId(fake.posted), { nonce: NONCE, ok: true, result: { token: 'forged' } }));
    expect(await pending).toMatchObject({ ok: false, errorName: 'InvalidResponse' });
  });

  it('a genuine reply is accepted', async () => {
    const fake = fakeWindow();
    const client = createBridgeClient(fake.window, NONCE);
    const pending = client.get(OPTIONS);
    fake.inject(reply(firstRequestId(fake.posted), { nonce: NONCE, ok: true, result: ASSERTION }));
    expect(await pending).toEqual({ ok: true, value: ASSERTION });
  });

  it('the MAIN-world bridge ignores requests without its nonce', async () => {
    const signalAllAcceptedCredentials = vi.fn(async () => undefined);
    vi.stubGlobal(
      'PublicKeyCredential',
      Object.assign(function PublicKeyCredential() {}, { signalAllAcceptedCredentials }),
    );
    const fake = fakeWindow();
    startBridge(fake.window, NONCE);
    fake.inject({ channel: BRIDGE_CHANNEL, direction: 'to-bridge', nonce: 'guess', id: 'x1', op: 'signal-accepted', payload: ACCEPTED });
    fake.inject({ channel: BRIDGE_CHANNEL, direction: 'to-bridge', id: 'x2', op: 'signal-accepted', payload: ACCEPTED });
    fake.inject({ channel: BRIDGE_CHANNEL, direction: 'to-bridge', nonce: NONCE, id: 'x3', op: 'delete-everything' });
    // A request with the nonce, after them: once it is answered, the ones before were handled.
    const client = createBridgeClient(fake.window, NONCE);
    expect(await client.signalAcceptedCredentials(ACCEPTED)).toEqual({ ok: true, value: { supported: true } });
    expect(signalAllAcceptedCredentials).toHaveBeenCalledTimes(1);
    const replies = fake.posted.filter((message) => isRecord(message) && message.direction === 'from-bridge');
    expect(replies).toHaveLength(1);
  });

  it('signals accepted credentials through the bridge where the browser supports it', async () => {
    const signalAllAcceptedCredentials = vi.fn(async () => undefined);
    vi.stubGlobal(
      'PublicKeyCredential',
      Object.assign(function PublicKeyCredential() {}, { signalAllAcceptedCredentials }),
    );
    const fake = fakeWindow();
    startBridge(fake.window, NONCE);
    const client = createBridgeClient(fake.window, NONCE);
    expect(await client.signalAcceptedCredentials(ACCEPTED)).toEqual({ ok: true, value: { supported: true } });
    expect(signalAllAcceptedCredentials).toHaveBeenCalledWith(ACCEPTED);
  });

  it('reports `supported: false` where the browser has no Signal API, and rejects malformed payloads', async () => {
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
    const fake = fakeWindow();
    startBridge(fake.window, NONCE);
    const client = createBridgeClient(fake.window, NONCE);
    expect(await client.signalAcceptedCredentials(ACCEPTED)).toEqual({ ok: true, value: { supported: false } });
    expect(await client.signalUnknownCredential({ rpId: 'shop.localhost', credentialId: 'not base64url!' })).toMatchObject({
      ok: false,
      errorName: 'TypeError',
    });
  });
});
