import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type {
  LoginFailureBody,
  LoginFinishBody,
  LoginFinishReply,
  LoginStartBody,
  LoginStartReply,
  RequestOptions,
} from '@pkc/shared';
import { isoAt } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { requireAllowedOrigin, requireSite } from '../sites/siteService.ts';
import type { CredentialRecord } from '../store/records.ts';
import type { CeremonyDeps } from './deps.ts';
import { WEBAUTHN_TIMEOUT_MS } from './ceremonies.ts';
import { deviceSeen, recordEvent } from './events.ts';
import { decideLoginMinimal } from './minimalDecision.ts';
import { requireCredentialIdSize, requireIdMatchesRawId, verifyOrReject } from './responseChecks.ts';

/** Decision and authentication options in one reply (ARCHITECTURE §3 data flow). */
export async function startLogin(deps: CeremonyDeps, body: LoginStartBody): Promise<LoginStartReply> {
  const site = await requireSite(deps.store, body.siteId);
  requireAllowedOrigin(site, body.origin);
  const user = await deps.store.findUserByUsername(site.id, body.username);
  const credentials = user ? await deps.store.listCredentials(site.id, user.userId) : [];
  const decided = decideLoginMinimal({ credentials });
  switch (decided.decision) {
    case 'password':
      return { decision: 'password', reason: decided.reason };
    case 'passkey': {
      if (!user) throw new ApiError('internal', 'passkey decision without a user');
      const options = await requestOptions(site.rpId, credentials);
      const ceremonyId = deps.ceremonies.start({
        kind: 'login',
        siteId: site.id,
        origin: body.origin,
        userId: user.userId,
        challenge: options.challenge,
        client: body.client,
        allowCredentialIds: credentials.map((credential) => credential.id),
        crossDevice: false,
      });
      return { decision: 'passkey', reason: decided.reason, ceremony: { ceremonyId, options } };
    }
    default: {
      const unreachable: never = decided;
      throw new ApiError('internal', `unhandled decision ${JSON.stringify(unreachable)}`);
    }
  }
}

async function requestOptions(rpId: string, credentials: readonly CredentialRecord[]): Promise<RequestOptions> {
  const options = await generateAuthenticationOptions({
    rpID: rpId,
    allowCredentials: credentials.map((credential) => ({ id: credential.id, transports: credential.transports })),
    userVerification: 'required',
    timeout: WEBAUTHN_TIMEOUT_MS,
  });
  return {
    challenge: options.challenge,
    rpId,
    timeout: WEBAUTHN_TIMEOUT_MS,
    userVerification: 'required',
    allowCredentials: credentials.map((credential) => ({
      id: credential.id,
      type: 'public-key',
      ...(credential.transports.length > 0 ? { transports: credential.transports } : {}),
    })),
  };
}

export async function finishLogin(deps: CeremonyDeps, body: LoginFinishBody): Promise<LoginFinishReply> {
  // Consumed here, before anything can fail: one attempt per challenge.
  const ceremony = deps.ceremonies.take(body.ceremonyId, 'login', body.origin);
  const site = await requireSite(deps.store, ceremony.siteId);
  requireAllowedOrigin(site, ceremony.origin);
  const failed = (detail: string) =>
    recordEvent(deps, { siteId: site.id, userId: ceremony.userId, type: 'login-failure', client: ceremony.client, detail });

  const { response } = body;
  requireIdMatchesRawId(response);
  requireCredentialIdSize(response.id);
  const credential = await deps.store.getCredential(response.id);
  if (
    !credential ||
    credential.siteId !== site.id ||
    credential.userId !== ceremony.userId ||
    !ceremony.allowCredentialIds.includes(credential.id)
  ) {
    await failed('credential-not-allowed');
    throw new ApiError('credential_unknown', 'this credential is not one of the user’s passkeys for this site');
  }
  const user = await deps.store.getUser(site.id, ceremony.userId);
  if (!user || (response.response.userHandle !== undefined && response.response.userHandle !== user.webauthnUserId)) {
    await failed('user-handle-mismatch');
    throw new ApiError('verification_failed', 'the user handle does not belong to this user');
  }

  const verification = await verifyOrReject(
    () =>
      verifyAuthenticationResponse({
        response: { ...response, clientExtensionResults: {} },
        expectedChallenge: ceremony.challenge,
        expectedOrigin: ceremony.origin,
        expectedRPID: site.rpId,
        requireUserVerification: true,
        credential: {
          id: credential.id,
          publicKey: new Uint8Array(Buffer.from(credential.publicKey, 'base64url')),
          // The library rejects a counter that did not increase (other than 0/0): a possible
          // clone (WebAuthn L3 §6.1.1). Nothing is updated then.
          counter: credential.counter,
          transports: credential.transports,
        },
      }),
    'the passkey assertion',
  ).catch(async (error: unknown) => {
    await failed('verification-failed');
    throw error;
  });
  if (!verification.verified) {
    await failed('verification-failed');
    throw new ApiError('verification_failed', 'the passkey assertion did not verify');
  }
  const info = verification.authenticationInfo;
  // WebAuthn L3 §6.1.3: the BE flag is fixed at creation; a change means another authenticator.
  if ((info.credentialDeviceType === 'multiDevice') !== credential.backupEligible) {
    await failed('backup-eligibility-changed');
    throw new ApiError('verification_failed', 'the backup eligibility of this passkey changed');
  }

  await deps.store.putCredential({
    ...credential,
    counter: info.newCounter,
    backedUp: info.credentialBackedUp,
    lastUsedAt: isoAt(deps.clock),
    lastUsedOn: deviceSeen(ceremony.client),
  });
  await recordEvent(deps, { siteId: site.id, userId: user.userId, type: 'login-success', client: ceremony.client });
  const token = await deps.signer.sign({
    aud: site.id,
    sub: user.userId,
    username: user.username,
    credentialId: credential.id,
    crossDevice: ceremony.crossDevice || response.authenticatorAttachment === 'cross-platform',
  });
  return { token, callbackUrl: site.loginCallback };
}

/** A failed or cancelled get() on the device: a signal for the decision engine (flow F4). */
export async function reportLoginFailure(deps: CeremonyDeps, body: LoginFailureBody): Promise<void> {
  const ceremony = deps.ceremonies.take(body.ceremonyId, 'login', body.origin);
  await recordEvent(deps, {
    siteId: ceremony.siteId,
    userId: ceremony.userId,
    type: 'login-failure',
    client: ceremony.client,
    detail: body.errorName,
  });
}
