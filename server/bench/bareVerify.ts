import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { CreationOptions, RequestOptions } from '@pkc/shared';
import { SoftAuthenticator } from '../src/testing/softAuthenticator.ts';
import { PEER_ORIGIN, PEER_RP_ID } from './peerServer.ts';

/*
 * The ceiling: verifyAuthenticationResponse in a loop, nothing else, in a child pinned to the
 * servers' core. Prints verifications per second as JSON.
 */
const seconds = Number(process.argv[2] ?? 3);
const key = new SoftAuthenticator();
const creation = {
  challenge: 'Y2hhbGxlbmdlLWNoYWxsZW5nZS1jaGFsbGVuZ2U',
  rp: { id: PEER_RP_ID, name: 'Bench' },
  user: { id: 'dXNlcg', name: 'user', displayName: 'User' },
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
} as unknown as CreationOptions;
const registration = await verifyRegistrationResponse({
  response: key.create(creation, PEER_ORIGIN),
  expectedChallenge: creation.challenge,
  expectedOrigin: PEER_ORIGIN,
  expectedRPID: PEER_RP_ID,
});
if (!registration.verified) throw new Error('registration did not verify');
const credential = registration.registrationInfo.credential;
const request = {
  challenge: 'YW5vdGhlci1jaGFsbGVuZ2UtZm9yLWxvZ2lu',
  rpId: PEER_RP_ID,
  allowCredentials: [{ id: credential.id, type: 'public-key' }],
} as RequestOptions;
const assertion = key.get(request, PEER_ORIGIN, { counter: 1 });

let count = 0;
const started = performance.now();
const until = started + seconds * 1000;
while (performance.now() < until) {
  const result = await verifyAuthenticationResponse({
    response: assertion,
    expectedChallenge: request.challenge,
    expectedOrigin: PEER_ORIGIN,
    expectedRPID: PEER_RP_ID,
    credential: { ...credential, counter: 0 },
    requireUserVerification: true,
  });
  if (!result.verified) throw new Error('assertion did not verify');
  count += 1;
}
process.stdout.write(`${JSON.stringify({ perSec: count / ((performance.now() - started) / 1000) })}\n`);
