import { describe, expect, it } from 'vitest';
import { PasskeyError, passkeyErrorFrom } from './PasskeyError.ts';

const domError = (name: string) => new DOMException('browser words', name);

describe('passkeyErrorFrom', () => {
  it('reads a closed or timed-out prompt as cancelled, with words for each ceremony', () => {
    const get = passkeyErrorFrom(domError('NotAllowedError'), 'get');
    const create = passkeyErrorFrom(domError('NotAllowedError'), 'create');
    expect([get.code, create.code]).toEqual(['cancelled', 'cancelled']);
    expect(get.message).toMatch(/no passkey for the console/);
    expect(create.message).toMatch(/Nothing changed/);
    expect(passkeyErrorFrom(domError('AbortError'), 'get').code).toBe('cancelled');
  });

  it('names the other WebAuthn exceptions, keeping the original as the cause', () => {
    const original = domError('InvalidStateError');
    const error = passkeyErrorFrom(original, 'create');
    expect(error.code).toBe('already-registered');
    expect(error.cause).toBe(original);
    expect(passkeyErrorFrom(domError('SecurityError'), 'get').code).toBe('insecure-context');
    expect(passkeyErrorFrom(domError('NotSupportedError'), 'create').code).toBe('unsupported');
  });

  it('calls anything else a failure, naming it, and never shows the browser’s own text', () => {
    const error = passkeyErrorFrom(domError('UnknownError'), 'get');
    expect(error.code).toBe('failed');
    expect(error.message).toContain('UnknownError');
    expect(error.message).not.toContain('browser words');
    expect(passkeyErrorFrom('a string', 'get').code).toBe('failed');
  });

  it('passes a PasskeyError through', () => {
    const error = new PasskeyError('unsupported', 'too old');
    expect(passkeyErrorFrom(error, 'create')).toBe(error);
  });
});
