import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { AuthenticationResponse, CreationOptions, RegistrationResponse, RequestOptions, Transport } from '@pkc/shared';
import { encodeCbor, type CborValue } from './cbor.ts';

/**
 * A software WebAuthn authenticator for server tests: P-256 keys, 'none' attestation,
 * and knobs to misbehave (flags, counter, ids) so the server's checks can be exercised.
 */
export interface AuthenticatorFlags {
  userPresent: boolean;
  userVerified: boolean;
  backupEligible: boolean;
  backedUp: boolean;
}

interface StoredCredential {
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

function flagsByte(flags: AuthenticatorFlags, attested: boolean): number {
  return (
    (flags.userPresent ? 0x01 : 0) |
    (flags.userVerified ? 0x04 : 0) |
    (flags.backupEligible ? 0x08 : 0) |
    (flags.backedUp ? 0x10 : 0) |
    (attested ? 0x40 : 0)
  );
}

function authenticatorData(rpId: string, flags: number, counter: number, attested?: Uint8Array): Uint8Array {
  const count = Buffer.alloc(4);
  count.writeUInt32BE(counter);
  return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, attested ?? Buffer.alloc(0)]);
}

function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw new Error('not an EC key');
  return encodeCbor(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x, 'base64url')],
      [-3, Buffer.from(jwk.y, 'base64url')],
    ]),
  );
}

/** What kind of authenticator it poses as: the provider (AAGUID) and how browsers reach it. */
export interface AuthenticatorProfile {
  /** UUID form, e.g. iCloud Keychain's; all zeros (an anonymous authenticator) by default. */
  aaguid: string;
  /** What the browser reports from getTransports() for credentials it creates. */
  transports: Transport[];
  attachment: 'platform' | 'cross-platform';
}

function aaguidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not an AAGUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

export class SoftAuthenticator {
  readonly credentials = new Map<string, StoredCredential>();
  readonly flags: AuthenticatorFlags;
  readonly aaguid: Uint8Array;
  readonly profile: AuthenticatorProfile;

  /**
   * Defaults: a synced passkey (BE=1, BS=1) of an anonymous platform authenticator. Pass
   * `{ backupEligible: false, backedUp: false }` for a device-bound one.
   */
  constructor(flags: Partial<AuthenticatorFlags> = {}, profile: Partial<AuthenticatorProfile> = {}) {
    this.flags = { userPresent: true, userVerified: true, backupEligible: true, backedUp: true, ...flags };
    this.profile = {
      aaguid: '00000000-0000-0000-0000-000000000000',
      transports: ['internal', 'hybrid'],
      attachment: 'platform',
      ...profile,
    };
    this.aaguid = aaguidBytes(this.profile.aaguid);
  }

  create(
    options: CreationOptions,
    origin: string,
    tweak: { credentialId?: Uint8Array; clientDataType?: string } = {},
  ): RegistrationResponse {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credentialId = tweak.credentialId ?? randomBytes(32);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const attested = Buffer.concat([this.aaguid, idLength, credentialId, coseKey(publicKey)]);
    const authData = authenticatorData(options.rp.id, flagsByte(this.flags, true), 0, attested);
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CborValue>()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = JSON.stringify({
      type: tweak.clientDataType ?? 'webauthn.create',
      challenge: options.challenge,
      origin,
      crossOrigin: false,
    });
    const id = b64url(credentialId);
    this.credentials.set(id, { privateKey, rpId: options.rp.id, userHandle: options.user.id, counter: 0 });
    return {
      id,
      rawId: id,
      type: 'public-key',
      authenticatorAttachment: this.profile.attachment,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(Buffer.from(clientDataJSON)),
        attestationObject: b64url(attestationObject),
        transports: [...this.profile.transports],
      },
    };
  }

  /**
   * Signs an assertion with the first allowed credential it holds (or `credentialId`); with no
   * allowCredentials (a discoverable request), with the first it holds for the rp id.
   */
  get(
    options: RequestOptions,
    origin: string,
    tweak: {
      credentialId?: string;
      counter?: number;
      flags?: Partial<AuthenticatorFlags>;
      /** 'cross-platform' when a phone answers a desktop's request over hybrid. */
      attachment?: AuthenticatorProfile['attachment'];
    } = {},
  ): AuthenticationResponse {
    const discoverable = (options.allowCredentials ?? []).length === 0;
    const id =
      tweak.credentialId ??
      (discoverable
        ? [...this.credentials].find(([, stored]) => stored.rpId === options.rpId)?.[0]
        : options.allowCredentials?.find((descriptor) => this.credentials.has(descriptor.id))?.id);
    const credential = id === undefined ? undefined : this.credentials.get(id);
    if (id === undefined || !credential) throw new Error('no matching credential (NotAllowedError)');
    credential.counter = tweak.counter ?? credential.counter + 1;
    const flags = flagsByte({ ...this.flags, ...tweak.flags }, false);
    const authData = authenticatorData(credential.rpId, flags, credential.counter);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    return {
      id,
      rawId: id,
      type: 'public-key',
      authenticatorAttachment: tweak.attachment ?? this.profile.attachment,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
    };
  }
}
