import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type {
  LoginConditionalBody,
  LoginConditionalReply,
  LoginFailureBody,
  LoginFailureReply,
  LoginFinishBody,
  LoginFinishReply,
  LoginStartBody,
  LoginStartReply,
  RequestOptions,
  Transport,
} from '@pkc/shared';
import { isoAt } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { decideLogin } from '../intelligence/index.ts';
import { IMMEDIATE_NONE } from '../intelligence/history.ts';
import { heldBack } from './rollout.ts';
import { COUNTER, decisionCounter, failedCounter, reasonCounter } from '../stats/counterNames.ts';
import { publicLoginReason } from '../intelligence/describe.ts';
import { requireSiteAtOrigin } from '../sites/siteService.ts';
import type { CredentialRecord } from '../store/records.ts';
import type { CeremonyDeps } from './deps.ts';
import { WEBAUTHN_TIMEOUT_MS, type LoginCeremony } from './ceremonies.ts';
import { deviceSeen, eventRecord, recordEvent } from './events.ts';
import { decisionInput, loadUserRecords } from './decisionInput.ts';
import { loginSuccessDetail } from './loginOutcome.ts';
import { requireCredentialIdSize, requireIdMatchesRawId, verifyOrReject } from './responseChecks.ts';

/**
 * Decision and authentication options in one reply (ARCHITECTURE §3 data flow, §5). The
 * options allow only the credentials the engine picked, so a `hybrid` prompt cannot turn
 * into a local one and a `passkey` prompt never offers a phone the engine ruled out.
 */
export async function startLogin(deps: CeremonyDeps, body: LoginStartBody): Promise<LoginStartReply> {
  const site = await requireSiteAtOrigin(deps.store, body.siteId, body.origin);
  // The site's steering first (pause, rollout): held back, nobody's records are read.
  const steered = heldBack(site, body.client, 'login');
  if (steered !== undefined) {
    deps.counters.count(site.id, COUNTER.identifiersSeen, decisionCounter('password'), reasonCounter(steered.code));
    return { decision: 'password', reason: steered, siteName: site.name };
  }
  const user = await deps.store.findUserByUsername(site.id, body.username);
  // Without passkeys the decision is `password` whatever the history says: not reading it keeps
  // a known user as quick to answer as an unknown one (security review round 2, finding 6).
  const records = await loadUserRecords(deps.store, site.id, user?.userId, { historyOnlyWithPasskeys: true });
  const verdict = decideLogin(decisionInput(site, body.client, records, deps.clock.now()));
  deps.counters.count(
    site.id,
    COUNTER.identifiersSeen,
    decisionCounter(verdict.decision),
    reasonCounter(verdict.reason.code),
    ...(verdict.decision === 'password'
      ? records.credentials.length > 0
        ? [COUNTER.fallbacksToPassword]
        : []
      : [COUNTER.passkeyLoginsStarted]),
  );
  // Strangers learn the decision, not where the passkey lives (publicLoginReason).
  const reason = publicLoginReason(verdict.reason);
  switch (verdict.decision) {
    case 'password':
      // Same shape for an unknown user and a user without passkeys: nothing user-specific.
      return { decision: 'password', reason, siteName: site.name };
    case 'passkey':
    case 'hybrid': {
      if (!user) throw new ApiError('internal', `${verdict.decision} decision without a user`);
      const hybrid = verdict.decision === 'hybrid';
      const allowed = verdict.allowCredentialIds.flatMap((id) => records.credentials.filter((c) => c.id === id));
      if (allowed.length === 0) throw new ApiError('internal', `${verdict.decision} decision without credentials`);
      // Chromium answers an immediate get only for discoverable credentials (no allowCredentials,
      // measured with Chromium 156): the check asks for any of the site's passkeys on this device,
      // and the finish accepts any of this user's.
      const immediate = verdict.decision === 'passkey' && verdict.immediate === true;
      const options = await requestOptions(site.rpId, immediate ? [] : allowed, hybrid);
      const accepted = immediate ? records.credentials : allowed;
      const ceremonyId = await deps.ceremonies.start({
        kind: 'login',
        siteId: site.id,
        origin: body.origin,
        userId: user.userId,
        challenge: options.challenge,
        client: body.client,
        allowCredentialIds: accepted.map((credential) => credential.id),
        crossDevice: hybrid,
        ...(body.pageNonce === undefined ? {} : { pageNonce: body.pageNonce }),
        reason: verdict.reason,
        immediate,
      });
      const ceremonyReply = { reason, siteName: site.name, ceremony: { ceremonyId, options } };
      if (verdict.decision === 'hybrid') return { decision: 'hybrid', ...ceremonyReply };
      return { decision: 'passkey', ...ceremonyReply, ...(immediate ? { mediation: 'immediate' as const } : {}) };
    }
    default: {
      const unreachable: never = verdict;
      throw new ApiError('internal', `unhandled decision ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * For hybrid the credentials are announced with the hybrid transport only and the `hybrid`
 * hint (WebAuthn L3 §5.8.7), so the browser goes straight to the QR code instead of first
 * asking this desktop's own authenticator, which does not hold them.
 */
async function requestOptions(rpId: string, credentials: readonly CredentialRecord[], hybrid: boolean): Promise<RequestOptions> {
  const transportsOf = (credential: CredentialRecord): Transport[] => (hybrid ? ['hybrid'] : credential.transports);
  const options = await generateAuthenticationOptions({
    rpID: rpId,
    allowCredentials: credentials.map((credential) => ({ id: credential.id, transports: transportsOf(credential) })),
    userVerification: 'required',
    timeout: WEBAUTHN_TIMEOUT_MS,
  });
  return {
    challenge: options.challenge,
    rpId,
    timeout: WEBAUTHN_TIMEOUT_MS,
    userVerification: 'required',
    allowCredentials: credentials.map((credential) => {
      const transports = transportsOf(credential);
      return { id: credential.id, type: 'public-key', ...(transports.length > 0 ? { transports } : {}) };
    }),
    ...(hybrid ? { hints: ['hybrid'] } : {}),
  };
}

/**
 * Passkey autofill on a login page (issue 14): a conditional get with no username and no
 * allowCredentials, so the browser lists the site's passkeys it holds in the identifier field's
 * autofill. Nothing about any user is read or told: the same reply for every caller of a site.
 */
export async function startConditionalLogin(deps: CeremonyDeps, body: LoginConditionalBody): Promise<LoginConditionalReply> {
  const site = await requireSiteAtOrigin(deps.store, body.siteId, body.origin);
  if (heldBack(site, body.client, 'login') !== undefined)
    throw new ApiError('not_found', 'passkey autofill is not switched on for this device');
  const options = await requestOptions(site.rpId, [], false);
  const ceremonyId = await deps.ceremonies.start({
    kind: 'login',
    siteId: site.id,
    origin: body.origin,
    userId: '',
    challenge: options.challenge,
    client: body.client,
    allowCredentialIds: [],
    crossDevice: false,
    ...(body.pageNonce === undefined ? {} : { pageNonce: body.pageNonce }),
    reason: { code: 'credential-usable-here', message: `You chose your passkey for ${site.name} from the browser's suggestions.` },
    immediate: false,
    discoverable: true,
  });
  return { siteName: site.name, ceremony: { ceremonyId, options } };
}

/** The account a discoverable (autofill) login names: the chosen passkey's owner, when the user handle agrees. */
async function ownerOfChosen(deps: CeremonyDeps, ceremony: LoginCeremony, siteId: string, body: LoginFinishBody): Promise<LoginCeremony> {
  if (ceremony.discoverable !== true) return ceremony;
  const chosen = await deps.store.getCredential(body.response.id);
  if (!chosen || chosen.siteId !== siteId) {
    throw new ApiError('credential_unknown', 'this credential is not one of the site’s passkeys');
  }
  const owner = await deps.store.getUser(siteId, chosen.userId);
  // A discoverable credential always returns its user handle; it must be the owner's.
  if (!owner || body.response.response.userHandle !== owner.webauthnUserId) {
    throw new ApiError('verification_failed', 'the user handle does not belong to this passkey’s account');
  }
  return { ...ceremony, userId: owner.userId, allowCredentialIds: [chosen.id] };
}

export async function finishLogin(deps: CeremonyDeps, body: LoginFinishBody): Promise<LoginFinishReply> {
  // Consumed here, before anything can fail: one attempt per challenge.
  const taken = await deps.ceremonies.take(body.ceremonyId, 'login', body.origin);
  const site = await requireSiteAtOrigin(deps.store, taken.siteId, taken.origin);
  const ceremony = await ownerOfChosen(deps, taken, site.id, body);
  const failed = (detail: string) => {
    deps.counters.count(site.id, COUNTER.passkeyLoginsFailed, failedCounter(detail));
    return recordEvent(deps, { siteId: site.id, userId: ceremony.userId, type: 'login-failure', client: ceremony.client, detail });
  };

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
          // 0 turns the library's own counter check off: it would throw before the signature
          // is known to be good, and a clone must be told apart from garbage (below).
          counter: 0,
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
  const crossDevice = ceremony.crossDevice || response.authenticatorAttachment === 'cross-platform';
  // The counter and the success event in one write (Store.updateCredential).
  const success = eventRecord(deps.clock, {
    siteId: site.id,
    userId: user.userId,
    type: 'login-success',
    client: ceremony.client,
    detail: loginSuccessDetail(ceremony.crossDevice, response.authenticatorAttachment),
  });
  // WebAuthn L3 §6.1.1 step 22: a verified signature whose counter did not increase (other than
  // 0/0, which synced passkeys report forever) hints at a cloned authenticator. Flag it for the
  // site's records and leave the credential as it was. Checked against the stored counter in
  // the same step that writes the new one: two assertions finishing together are not both new.
  // Whether this is the first login with this passkey is read in that step too.
  let firstUse = false;
  const updated = await deps.store.updateCredential(
    credential.id,
    (current) => {
      firstUse = current.lastUsedAt === null;
      const counterMovedBack = (info.newCounter !== 0 || current.counter !== 0) && info.newCounter <= current.counter;
      return counterMovedBack
        ? undefined
        : {
            ...current,
            counter: info.newCounter,
            backedUp: info.credentialBackedUp,
            lastUsedAt: isoAt(deps.clock),
            // A passkey presented by a phone (or a key) is not on this desktop: recording the desktop
            // would make the engine offer a local prompt here next time (intelligence/types.ts).
            lastUsedOn: crossDevice ? current.lastUsedOn : deviceSeen(ceremony.client),
          };
    },
    success,
  );
  if (updated === undefined) {
    // Removed while the person was at the prompt (a site removed, say): no clone, just gone.
    if ((await deps.store.getCredential(credential.id)) === undefined) {
      throw new ApiError('credential_unknown', 'this passkey is no longer registered');
    }
    await failed('possible-clone');
    throw new ApiError('verification_failed', 'the signature counter of this passkey did not increase');
  }
  deps.counters.count(site.id, COUNTER.passkeyLoginsSucceeded, ...(crossDevice ? [COUNTER.hybridLogins] : []));
  const token = await deps.signer.sign({
    aud: site.id,
    sub: user.userId,
    username: user.username,
    credentialId: credential.id,
    crossDevice,
    ...(ceremony.pageNonce === undefined ? {} : { nonce: ceremony.pageNonce }),
    // The site tells the person when a passkey signs in for the first time (tokenVerifyReply.newPasskey).
    ...(firstUse ? { firstUse } : {}),
  });
  // Signal API (seed 003): now that the user is verified, tell the provider which of its
  // passkeys for this rp id still count, so ones the server no longer has stop being offered.
  const accepted = await deps.store.listCredentials(site.id, user.userId);
  return {
    token,
    callbackUrl: site.loginCallback,
    // …and the account's current names, so a renamed account shows its new name in the provider.
    signal: {
      userId: user.webauthnUserId,
      acceptedCredentialIds: accepted.map((stored) => stored.id),
      name: user.username,
      displayName: user.displayName,
    },
    reason: ceremony.reason,
  };
}

/**
 * A failed or cancelled get() on the device: a signal for the decision engine (flow F4).
 * The engine reads the WebAuthn error name from `detail` (intelligence/fromRecords.ts).
 */
export async function reportLoginFailure(deps: CeremonyDeps, body: LoginFailureBody): Promise<LoginFailureReply> {
  const ceremony = await deps.ceremonies.take(body.ceremonyId, 'login', body.origin);
  // The site may have been removed since the ceremony began: nothing is recorded for a site that's gone.
  const site = await requireSiteAtOrigin(deps.store, ceremony.siteId, ceremony.origin);
  // An autofill request that ended (aborted, the page left) names no one: nothing to record.
  if (ceremony.discoverable === true) return { ok: true };
  // An immediate check answers NotAllowedError when no passkey is here, without any UI: an
  // outcome the engine learns for this device (IMMEDIATE_NONE), not a failure toward heal.
  const noneHere = ceremony.immediate && body.errorName === 'NotAllowedError';
  deps.counters.count(site.id, ...(noneHere ? [COUNTER.immediateNoneHere] : [COUNTER.passkeyLoginsFailed, failedCounter(body.errorName)]));
  await recordEvent(deps, {
    siteId: ceremony.siteId,
    userId: ceremony.userId,
    type: 'login-failure',
    client: ceremony.client,
    detail: noneHere ? IMMEDIATE_NONE : body.errorName,
  });
  if (!noneHere) return { ok: true };
  return {
    ok: true,
    reason: {
      code: 'not-on-this-device',
      message: `No passkey for ${site.name} turned up on this device when the browser checked, so sign in with your password here. You can then add a passkey for this device.`,
    },
  };
}
