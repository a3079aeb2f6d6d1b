import { describe, expect, it } from 'vitest';
import { isBridgeResponse, isBridgeSignals, isSignalOutcome, isUncheckedCredential } from './bridgeReplies.ts';
import { BRIDGE_CHANNEL } from './protocol.ts';

const NONCE = '0123456789abcdef0123456789abcdef';
const ID = 'get-1-abc';
const envelope = { channel: BRIDGE_CHANNEL, direction: 'from-bridge', nonce: NONCE, id: ID };

describe('bridge answers', () => {
  it('accepts a result or a DOMException name for this request', () => {
    expect(isBridgeResponse({ ...envelope, ok: true, result: { id: 'Y3JlZA' } }, NONCE, ID)).toBe(true);
    expect(isBridgeResponse({ ...envelope, ok: true, result: null }, NONCE, ID)).toBe(true);
    expect(isBridgeResponse({ ...envelope, ok: false, errorName: 'NotAllowedError', message: 'cancelled' }, NONCE, ID)).toBe(true);
  });

  it.each([
    ['not an object', 'ok'],
    ['another channel', { ...envelope, channel: 'other', ok: true, result: 1 }],
    ['our own request echoed', { ...envelope, direction: 'to-bridge', ok: true, result: 1 }],
    ['a guessed nonce', { ...envelope, nonce: 'guessed-by-the-page', ok: true, result: 1 }],
    ['another request', { ...envelope, id: 'get-2-abc', ok: true, result: 1 }],
    ['ok that is not a boolean', { ...envelope, ok: 'yes', result: 1 }],
    ['ok without a result', { ...envelope, ok: true }],
    ['a failure without an error name', { ...envelope, ok: false, message: 'x' }],
    ['an overlong error name', { ...envelope, ok: false, errorName: 'E'.repeat(65), message: 'x' }],
    ['an overlong message', { ...envelope, ok: false, errorName: 'NotAllowedError', message: 'x'.repeat(501) }],
  ])('refuses %s', (_case, data) => {
    expect(isBridgeResponse(data, NONCE, ID)).toBe(false);
  });

  it('accepts authenticator signals of the right shape only', () => {
    expect(isBridgeSignals({ platformAuthenticator: true, capabilities: { hybridTransport: true, conditionalGet: false } })).toBe(true);
    expect(isBridgeSignals({ platformAuthenticator: false, capabilities: {} })).toBe(true);
    expect(isBridgeSignals({ platformAuthenticator: 'yes', capabilities: {} })).toBe(false);
    expect(isBridgeSignals({ platformAuthenticator: true })).toBe(false);
    expect(isBridgeSignals({ platformAuthenticator: true, capabilities: [true] })).toBe(false);
    expect(isBridgeSignals({ platformAuthenticator: true, capabilities: { hybridTransport: 'true' } })).toBe(false);
    expect(isBridgeSignals({ platformAuthenticator: true, capabilities: { ['c'.repeat(65)]: true } })).toBe(false);
  });

  it('accepts a Signal API outcome of the right shape only', () => {
    expect(isSignalOutcome({ supported: false })).toBe(true);
    expect(isSignalOutcome({ supported: 1 })).toBe(false);
    expect(isSignalOutcome(undefined)).toBe(false);
  });

  it('takes a credential with a string id, leaving the rest to the background', () => {
    expect(isUncheckedCredential({ id: 'Y3JlZA', rawId: 'Y3JlZA', type: 'public-key', response: {} })).toBe(true);
    expect(isUncheckedCredential({ id: 7 })).toBe(false);
    expect(isUncheckedCredential({ token: 'forged' })).toBe(false);
    expect(isUncheckedCredential(['Y3JlZA'])).toBe(false);
    expect(isUncheckedCredential(null)).toBe(false);
  });
});
