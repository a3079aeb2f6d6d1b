import * as z from 'zod';

/**
 * WebAuthn JSON shapes (WebAuthn L3 §5.1 toJSON forms), bounded so that garbage is
 * rejected at the boundary before any CBOR parsing. Credential ids are at most 1023
 * bytes (§5.4.3), i.e. 1364 base64url characters.
 */
export const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, 'must be base64url');
const boundedB64 = (max: number) => base64url.min(1).max(max);

export const credentialIdB64 = boundedB64(1364);
const transport = z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
export type Transport = z.infer<typeof transport>;
export const transportSchema = transport;

const clientExtensionResults = z.record(z.string(), z.unknown()).optional().default({});

export const registrationResponseSchema = z.object({
  id: credentialIdB64,
  rawId: credentialIdB64,
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults,
  response: z.object({
    clientDataJSON: boundedB64(4096),
    attestationObject: boundedB64(16384),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: boundedB64(4096).optional(),
    authenticatorData: boundedB64(8192).optional(),
  }),
});
export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;

export const authenticationResponseSchema = z.object({
  id: credentialIdB64,
  rawId: credentialIdB64,
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults,
  response: z.object({
    clientDataJSON: boundedB64(4096),
    authenticatorData: boundedB64(8192),
    signature: boundedB64(1024),
    userHandle: boundedB64(128).optional(),
  }),
});
export type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;

const descriptor = z.object({
  id: credentialIdB64,
  type: z.literal('public-key'),
  transports: z.array(transport).optional(),
});

/** PublicKeyCredentialCreationOptionsJSON as the server sends it to the extension. */
export const creationOptionsSchema = z.object({
  challenge: boundedB64(128),
  rp: z.object({ id: z.string().min(1).max(253), name: z.string().max(200) }),
  user: z.object({ id: boundedB64(128), name: z.string().max(256), displayName: z.string().max(256) }),
  pubKeyCredParams: z.array(z.object({ type: z.literal('public-key'), alg: z.number().int() })).min(1),
  timeout: z.number().int().positive().optional(),
  excludeCredentials: z.array(descriptor).optional(),
  authenticatorSelection: z
    .object({
      authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
      residentKey: z.enum(['discouraged', 'preferred', 'required']).optional(),
      requireResidentKey: z.boolean().optional(),
      userVerification: z.enum(['discouraged', 'preferred', 'required']).optional(),
    })
    .optional(),
  attestation: z.enum(['none', 'indirect', 'direct', 'enterprise']).optional(),
  hints: z.array(z.enum(['security-key', 'client-device', 'hybrid'])).optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});
export type CreationOptions = z.infer<typeof creationOptionsSchema>;

/** PublicKeyCredentialRequestOptionsJSON as the server sends it to the extension. */
export const requestOptionsSchema = z.object({
  challenge: boundedB64(128),
  rpId: z.string().min(1).max(253),
  timeout: z.number().int().positive().optional(),
  allowCredentials: z.array(descriptor).optional(),
  userVerification: z.enum(['discouraged', 'preferred', 'required']).optional(),
  hints: z.array(z.enum(['security-key', 'client-device', 'hybrid'])).optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});
export type RequestOptions = z.infer<typeof requestOptionsSchema>;
