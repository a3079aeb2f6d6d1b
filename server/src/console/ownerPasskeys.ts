import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AuthenticationResponse, CreationOptions, RegistrationResponse, RequestOptions } from '@pkc/shared';
import { CEREMONY_TTL_MS, WEBAUTHN_TIMEOUT_MS } from '../ceremonies/ceremonies.ts';
import { knownTransports, requireCredentialIdSize, requireIdMatchesRawId, verifyOrReject } from '../ceremonies/responseChecks.ts';
import { isoAt, type Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { SharedState, SingleUseEntries } from '../sharedState/SharedState.ts';
import type { ConsoleOwnerRecord, ConsolePasskeyRecord } from '../store/records.ts';
import type { Store } from '../store/Store.ts';

/*
 * The console's own relying party: owners sign in with passkeys for the companion's host (RP ID
 * = PUBLIC_URL's host name, origin = PUBLIC_URL's origin), never a partner site's. The product
 * eats its own cooking: the same ceremonies, checks and library as the extension's flows.
 */

const SUPPORTED_ALGORITHMS = [-7, -257];
/** Pending console ceremonies in one server's memory at most (a flood of starts can't exhaust it). */
const MAX_PENDING = 10_000;

/** Who a new passkey is for, decided at the options step and carried to the finish. */
export interface Enrolment {
  name: string;
  webauthnUserId: string;
  /** sha256 of the invite the options step checked; taken (single use) at the finish. */
  inviteHash?: string;
}

type ConsoleCeremony = { kind: 'enrol'; challenge: string; enrolment: Enrolment } | { kind: 'signin'; challenge: string };

export class OwnerPasskeys {
  private readonly pending: SingleUseEntries<ConsoleCeremony>;
  readonly rpId: string;
  readonly origin: string;

  constructor(
    shared: SharedState,
    private readonly store: Store,
    private readonly clock: Clock,
    publicUrl: string,
  ) {
    this.pending = shared.singleUse<ConsoleCeremony>('console-ceremony', CEREMONY_TTL_MS, MAX_PENDING);
    const url = new URL(publicUrl);
    this.rpId = url.hostname;
    this.origin = url.origin;
  }

  private async start(ceremony: ConsoleCeremony): Promise<string> {
    const ceremonyId = `cer_${randomBytes(24).toString('base64url')}`;
    await this.pending.put(ceremonyId, ceremony, 'console');
    return ceremonyId;
  }

  private async take<K extends ConsoleCeremony['kind']>(ceremonyId: string, kind: K): Promise<Extract<ConsoleCeremony, { kind: K }>> {
    const ceremony = await this.pending.take(ceremonyId);
    if (ceremony?.kind !== kind) throw new ApiError('ceremony_invalid', 'the ceremony is unknown, used or expired; start again');
    return ceremony as Extract<ConsoleCeremony, { kind: K }>;
  }

  /** Options to create a discoverable passkey for the console (signing in needs no name typed). */
  async enrolOptions(enrolment: Omit<Enrolment, 'webauthnUserId'>): Promise<{ ceremonyId: string; options: CreationOptions }> {
    const webauthnUserId = randomBytes(32).toString('base64url');
    const generated = await generateRegistrationOptions({
      rpName: 'Passkey Companion console',
      rpID: this.rpId,
      userName: enrolment.name,
      userID: new Uint8Array(Buffer.from(webauthnUserId, 'base64url')),
      timeout: WEBAUTHN_TIMEOUT_MS,
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    const options: CreationOptions = {
      challenge: generated.challenge,
      rp: { id: this.rpId, name: 'Passkey Companion console' },
      user: { id: webauthnUserId, name: enrolment.name, displayName: enrolment.name },
      pubKeyCredParams: SUPPORTED_ALGORITHMS.map((alg) => ({ type: 'public-key', alg })),
      timeout: WEBAUTHN_TIMEOUT_MS,
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
      attestation: 'none',
    };
    const ceremonyId = await this.start({ kind: 'enrol', challenge: options.challenge, enrolment: { ...enrolment, webauthnUserId } });
    return { ceremonyId, options };
  }

  /** Verifies the new passkey; the caller stores it with the owner it makes (`passkeyFor`). */
  async enrolFinish(
    ceremonyId: string,
    response: RegistrationResponse,
  ): Promise<{ enrolment: Enrolment; passkeyFor: (ownerId: string) => ConsolePasskeyRecord }> {
    const ceremony = await this.take(ceremonyId, 'enrol');
    requireIdMatchesRawId(response);
    requireCredentialIdSize(response.id);
    const verification = await verifyOrReject(
      () =>
        verifyRegistrationResponse({
          response: { ...response, clientExtensionResults: {}, response: { ...response.response, transports: undefined } },
          expectedChallenge: ceremony.challenge,
          expectedOrigin: this.origin,
          expectedRPID: this.rpId,
          requireUserVerification: true,
          supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
        }),
      'the new passkey',
    );
    if (!verification.verified || verification.registrationInfo.credential.id !== response.id) {
      throw new ApiError('verification_failed', 'the new passkey did not verify');
    }
    if (await this.store.getConsolePasskey(response.id)) throw new ApiError('credential_exists', 'this passkey is already registered');
    const { credential } = verification.registrationInfo;
    return {
      enrolment: ceremony.enrolment,
      passkeyFor: (ownerId) => ({
        id: response.id,
        ownerId,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: knownTransports(response.response.transports),
        createdAt: isoAt(this.clock),
        lastUsedAt: null,
      }),
    };
  }

  /** A discoverable request: the passkey the owner picks names them. */
  async signinOptions(): Promise<{ ceremonyId: string; options: RequestOptions }> {
    const generated = await generateAuthenticationOptions({ rpID: this.rpId, userVerification: 'required', timeout: WEBAUTHN_TIMEOUT_MS });
    const options: RequestOptions = {
      challenge: generated.challenge,
      rpId: this.rpId,
      timeout: WEBAUTHN_TIMEOUT_MS,
      userVerification: 'required',
    };
    return { ceremonyId: await this.start({ kind: 'signin', challenge: options.challenge }), options };
  }

  /** The owner whose passkey signed; the same error whatever was wrong (unknown passkey, bad signature, other owner's handle). */
  async signinFinish(ceremonyId: string, response: AuthenticationResponse): Promise<ConsoleOwnerRecord> {
    const ceremony = await this.take(ceremonyId, 'signin');
    requireIdMatchesRawId(response);
    requireCredentialIdSize(response.id);
    const refused = new ApiError('verification_failed', 'this passkey does not sign in to the console');
    const passkey = await this.store.getConsolePasskey(response.id);
    const owner = passkey && (await this.store.getConsoleOwner(passkey.ownerId));
    if (!passkey || !owner) throw refused;
    // A discoverable request: the handle names the account, so it must be there (WebAuthn L3 §7.2 step 6).
    if (response.response.userHandle !== owner.webauthnUserId) throw refused;
    const verification = await verifyOrReject(
      () =>
        verifyAuthenticationResponse({
          response: { ...response, clientExtensionResults: {} },
          expectedChallenge: ceremony.challenge,
          expectedOrigin: this.origin,
          expectedRPID: this.rpId,
          requireUserVerification: true,
          credential: {
            id: passkey.id,
            publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
            counter: passkey.counter,
            transports: passkey.transports,
          },
        }),
      'the passkey assertion',
    );
    if (!verification.verified) throw refused;
    await this.store.putConsolePasskey({ ...passkey, counter: verification.authenticationInfo.newCounter, lastUsedAt: isoAt(this.clock) });
    return owner;
  }
}
