import { randomBytes } from 'node:crypto';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type {
  AppendDeclineBody,
  AppendFinishBody,
  AppendFinishReply,
  AppendStartBody,
  AppendStartReply,
  CreationOptions,
} from '@pkc/shared';
import { isoAt } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { decideAppend } from '../intelligence/index.ts';
import { requireSiteAtOrigin } from '../sites/siteService.ts';
import type { CredentialRecord, SiteRecord, UserRecord } from '../store/records.ts';
import { appendFailedCounter, COUNTER, createdCounter, declinedCounter, offeredCounter } from '../stats/counterNames.ts';
import { requireGrantFor, type AppendGrant } from '../tokens/appendGrants.ts';
import { WEBAUTHN_TIMEOUT_MS } from './ceremonies.ts';
import type { CeremonyDeps } from './deps.ts';
import { deviceSeen, recordEvent } from './events.ts';
import { decisionInput, loadUserRecords } from './decisionInput.ts';
import { appendContext } from './loginOutcome.ts';
import { heldBack } from './rollout.ts';
import { knownTransports, requireCredentialIdSize, requireIdMatchesRawId, verifyOrReject } from './responseChecks.ts';

/** ES256 and RS256 (COSE -7, -257): what platform authenticators and Windows Hello produce. */
const SUPPORTED_ALGORITHMS = [-7, -257];

/**
 * The grant is the only way a user identity reaches this endpoint (ARCHITECTURE §2): it
 * is consumed before anything else, and the user record is created or refreshed from it.
 */
export async function startAppend(deps: CeremonyDeps, body: AppendStartBody): Promise<AppendStartReply> {
  // Burnt before anything can fail, a wrong origin or site included (security review round 2).
  const taken = await deps.grants.take(body.grant);
  const site = await requireSiteAtOrigin(deps.store, body.siteId, body.origin);
  const grant = requireGrantFor(taken, site.id);
  // The site's steering first (pause, rollout): no offer, nothing recorded about the user.
  const steered = heldBack(site, body.client, 'append');
  if (steered !== undefined) return { decision: 'skip', reason: steered, siteName: site.name };
  const user = await upsertUser(deps, site, grant);
  const records = await loadUserRecords(deps.store, site.id, user.userId);
  const now = deps.clock.now();
  const verdict = decideAppend({
    ...decisionInput(site, body.client, records, now),
    context: appendContext(records.events, body.client.devicePseudonym, now),
  });
  switch (verdict.decision) {
    case 'skip':
      return { decision: 'skip', reason: verdict.reason, siteName: site.name };
    case 'offer': {
      // Healing replaces a passkey that fails here: excluding it would make the provider
      // refuse the new one whenever the stale one still lingers on this device.
      const excluded = verdict.variant === 'heal' ? [] : records.credentials;
      const options = await creationOptions(site, user, excluded);
      const ceremonyId = await deps.ceremonies.start({
        kind: 'append',
        siteId: site.id,
        origin: body.origin,
        userId: user.userId,
        challenge: options.challenge,
        client: body.client,
        webauthnUserId: user.webauthnUserId,
        variant: verdict.variant,
        conditionalCreate: body.client.capabilities['conditionalCreate'] === true,
      });
      deps.counters.count(site.id, COUNTER.appendOffered, offeredCounter(verdict.variant));
      await recordEvent(deps, {
        siteId: site.id,
        userId: user.userId,
        type: 'append-offer',
        client: body.client,
        detail: verdict.variant,
      });
      return {
        decision: 'offer',
        variant: verdict.variant,
        reason: verdict.reason,
        siteName: site.name,
        username: user.username,
        ceremony: { ceremonyId, options },
      };
    }
    default: {
      const unreachable: never = verdict;
      throw new ApiError('internal', `unhandled decision ${JSON.stringify(unreachable)}`);
    }
  }
}

async function upsertUser(deps: CeremonyDeps, site: SiteRecord, grant: AppendGrant): Promise<UserRecord> {
  const existing = await deps.store.getUser(site.id, grant.userId);
  const user: UserRecord = {
    siteId: site.id,
    userId: grant.userId,
    username: grant.username,
    displayName: grant.displayName,
    // A random handle, never the site's user id: the handle is stored on authenticators.
    webauthnUserId: existing?.webauthnUserId ?? randomBytes(32).toString('base64url'),
    createdAt: existing?.createdAt ?? isoAt(deps.clock),
  };
  // Also when nothing changed but the name is held by another account (a look-alike that
  // redeemed a grant meanwhile): every grant re-claims its user's name (issue 13).
  const holder = await deps.store.findUserByUsername(site.id, user.username);
  if (!existing || existing.username !== user.username || existing.displayName !== user.displayName || holder?.userId !== user.userId) {
    await deps.store.putUser(user);
  }
  return user;
}

async function creationOptions(site: SiteRecord, user: UserRecord, excluded: readonly CredentialRecord[]): Promise<CreationOptions> {
  const options = await generateRegistrationOptions({
    rpName: site.name,
    rpID: site.rpId,
    userName: user.username,
    userDisplayName: user.displayName,
    userID: new Uint8Array(Buffer.from(user.webauthnUserId, 'base64url')),
    timeout: WEBAUTHN_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: excluded.map((credential) => ({ id: credential.id, transports: credential.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
  return {
    challenge: options.challenge,
    rp: { id: site.rpId, name: site.name },
    user: { id: user.webauthnUserId, name: user.username, displayName: user.displayName },
    pubKeyCredParams: SUPPORTED_ALGORITHMS.map((alg) => ({ type: 'public-key', alg })),
    timeout: WEBAUTHN_TIMEOUT_MS,
    excludeCredentials: excluded.map((credential) => ({
      id: credential.id,
      type: 'public-key',
      ...(credential.transports.length > 0 ? { transports: credential.transports } : {}),
    })),
    authenticatorSelection: { residentKey: 'preferred', requireResidentKey: false, userVerification: 'required' },
    attestation: 'none',
  };
}

export async function finishAppend(deps: CeremonyDeps, body: AppendFinishBody): Promise<AppendFinishReply> {
  const ceremony = await deps.ceremonies.take(body.ceremonyId, 'append', body.origin);
  const site = await requireSiteAtOrigin(deps.store, ceremony.siteId, ceremony.origin);
  const { response } = body;
  requireIdMatchesRawId(response);
  requireCredentialIdSize(response.id);
  // The automatic upgrade creates without a gesture (WebAuthn L3 §5.1.3, conditional mediation):
  // the authenticator reports no presence or verification. Accepted for that ceremony only.
  const automatic = body.mediation === 'conditional' && ceremony.conditionalCreate;

  const verification = await verifyOrReject(
    () =>
      verifyRegistrationResponse({
        response: { ...response, clientExtensionResults: {}, response: { ...response.response, transports: undefined } },
        expectedChallenge: ceremony.challenge,
        expectedOrigin: ceremony.origin,
        expectedRPID: site.rpId,
        requireUserPresence: !automatic,
        requireUserVerification: !automatic,
        supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
      }),
    'the new passkey',
  ).catch((error: unknown) => {
    deps.counters.count(site.id, COUNTER.appendFailed, appendFailedCounter(ceremony.variant));
    throw error;
  });
  if (!verification.verified) {
    deps.counters.count(site.id, COUNTER.appendFailed, appendFailedCounter(ceremony.variant));
    throw new ApiError('verification_failed', 'the new passkey did not verify');
  }
  const info = verification.registrationInfo;
  // The id in the response must be the one inside the signed authenticator data.
  if (info.credential.id !== response.id) {
    throw new ApiError('verification_failed', 'credential id differs from the attested credential id');
  }
  // A replayed or duplicated registration (WebAuthn L3 §7.1 step 26).
  if (await deps.store.getCredential(response.id)) {
    throw new ApiError('credential_exists', 'this passkey is already registered');
  }

  await deps.store.putCredential({
    id: response.id,
    siteId: site.id,
    userId: ceremony.userId,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: knownTransports(response.response.transports),
    aaguid: info.aaguid,
    backupEligible: info.credentialDeviceType === 'multiDevice',
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
    createdAt: isoAt(deps.clock),
    createdOn: deviceSeen(ceremony.client),
    lastUsedAt: null,
    lastUsedOn: null,
  });
  deps.counters.count(
    site.id,
    COUNTER.appendCreated,
    createdCounter(ceremony.variant),
    ...(ceremony.variant === 'heal' ? [COUNTER.healsCompleted] : []),
    ...(automatic ? ['appendCreated:automatic'] : []),
  );
  await recordEvent(deps, {
    siteId: site.id,
    userId: ceremony.userId,
    type: 'append-create',
    client: ceremony.client,
    detail: ceremony.variant,
  });
  return { credentialId: response.id };
}

/** "Not now" backs off; "not on this device" is remembered for this device (flow F6). */
export async function declineAppend(deps: CeremonyDeps, body: AppendDeclineBody): Promise<void> {
  const ceremony = await deps.ceremonies.take(body.ceremonyId, 'append', body.origin);
  // The site may have been removed since the offer: nothing is recorded for a site that's gone.
  await requireSiteAtOrigin(deps.store, ceremony.siteId, ceremony.origin);
  deps.counters.count(
    ceremony.siteId,
    body.choice === 'skip' ? COUNTER.appendSkipped : COUNTER.appendNever,
    declinedCounter(body.choice, ceremony.variant),
  );
  await recordEvent(deps, {
    siteId: ceremony.siteId,
    userId: ceremony.userId,
    type: body.choice === 'skip' ? 'append-skip' : 'append-never',
    client: ceremony.client,
  });
}
