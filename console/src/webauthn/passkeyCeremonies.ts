import type { z } from 'zod';
import {
  authenticationResponseSchema,
  registrationResponseSchema,
  type AuthenticationResponse,
  type CreationOptions,
  type RegistrationResponse,
  type RequestOptions,
} from '@pkc/shared';
import { PasskeyError, passkeyErrorFrom } from './PasskeyError.ts';

/*
 * The browser half of the console's two ceremonies: JSON options in, the credential's JSON
 * (WebAuthn L3 toJSON) out, checked with the shared schema like any other input.
 */

function jsonCeremoniesAvailable(): boolean {
  return (
    typeof PublicKeyCredential !== 'undefined' &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function' &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'
  );
}

function tooOld(): PasskeyError {
  return new PasskeyError(
    'unsupported',
    "This browser can't use passkeys here. Update it, or open the console in a current Chrome, Edge, Safari or Firefox.",
  );
}

export async function createPasskey(
  options: CreationOptions,
  credentials: CredentialsContainer = navigator.credentials,
): Promise<RegistrationResponse> {
  if (!jsonCeremoniesAvailable()) throw tooOld();
  let credential: Credential | null;
  try {
    credential = await credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
  } catch (error) {
    throw passkeyErrorFrom(error, 'create');
  }
  return credentialJson(credential, registrationResponseSchema);
}

export async function getPasskey(
  options: RequestOptions,
  credentials: CredentialsContainer = navigator.credentials,
): Promise<AuthenticationResponse> {
  if (!jsonCeremoniesAvailable()) throw tooOld();
  let credential: Credential | null;
  try {
    credential = await credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
  } catch (error) {
    throw passkeyErrorFrom(error, 'get');
  }
  return credentialJson(credential, authenticationResponseSchema);
}

function credentialJson<T>(credential: Credential | null, schema: z.ZodType<T>): T {
  if (!(credential instanceof PublicKeyCredential)) throw new PasskeyError('failed', 'The browser returned no passkey. Try again.');
  const parsed = schema.safeParse(credential.toJSON());
  if (!parsed.success)
    throw new PasskeyError('failed', "The authenticator's answer is malformed. Try again, or use another authenticator.");
  return parsed.data;
}
