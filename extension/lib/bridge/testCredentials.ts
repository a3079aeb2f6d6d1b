import type { AuthenticationResponse } from '@pkc/shared';

/** A well-formed assertion in its toJSON form, as the bridge returns it from get(): for tests. */
export const ASSERTION: AuthenticationResponse = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'c2ln' },
};
