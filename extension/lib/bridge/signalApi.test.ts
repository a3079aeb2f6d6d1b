import { describe, expect, it } from 'vitest';
import { signalAcceptedCredentials, signalCurrentUserDetails, signalUnknownCredential } from './signalApi.ts';

/* The Signal API as the MAIN-world bridge calls it: feature-detected, payloads checked first. */

/** A PublicKeyCredential stand-in recording which signal methods were called with what. */
function credentialClass(methods: string[]) {
  const calls: Array<[string, unknown]> = [];
  const fake = function PublicKeyCredential() {} as unknown as Record<string, unknown>;
  for (const method of methods) fake[method] = async (argument: unknown) => void calls.push([method, argument]);
  return { fake, calls };
}

describe('Signal API calls', () => {
  it('current user details: passed on where the browser has the method', async () => {
    const { fake, calls } = credentialClass(['signalCurrentUserDetails']);
    const payload = { rpId: 'shop.localhost', userId: 'dXNlcg', name: 'alice@shop.example', displayName: 'Alice' };
    expect(await signalCurrentUserDetails(fake, payload)).toEqual({ supported: true });
    expect(calls).toEqual([['signalCurrentUserDetails', payload]]);
  });

  it('a browser without a method: nothing happens, nothing fails', async () => {
    const { fake } = credentialClass([]);
    expect(await signalCurrentUserDetails(fake, { rpId: 'shop.localhost', userId: 'dXNlcg', name: 'a', displayName: '' })).toEqual({
      supported: false,
    });
    expect(await signalUnknownCredential(fake, { rpId: 'shop.localhost', credentialId: 'Y3JlZA' })).toEqual({ supported: false });
    expect(await signalAcceptedCredentials(fake, { rpId: 'shop.localhost', userId: 'dXNlcg', allAcceptedCredentialIds: [] })).toEqual({
      supported: false,
    });
  });

  it('a malformed payload (from a page forging the channel) is refused before any call', async () => {
    const { fake, calls } = credentialClass(['signalCurrentUserDetails']);
    await expect(
      signalCurrentUserDetails(fake, { rpId: 'shop.localhost', userId: 'not base64url!', name: 'a', displayName: '' }),
    ).rejects.toThrow(TypeError);
    await expect(signalCurrentUserDetails(fake, { rpId: 'shop.localhost', userId: 'dXNlcg', name: '', displayName: '' })).rejects.toThrow(
      TypeError,
    );
    await expect(
      signalCurrentUserDetails(fake, { rpId: 'shop.localhost', userId: 'dXNlcg', name: 'x'.repeat(300), displayName: '' }),
    ).rejects.toThrow(TypeError);
    expect(calls).toEqual([]);
  });
});
