import { z } from 'zod';
import {
  base64url,
  clientSignalsSchema,
  credentialIdB64,
  originSchema,
  siteIdSchema,
  transportSchema,
  formOverridesSchema,
  sitePolicySchema,
  auditActionSchema,
} from '@pkc/shared';

/*
 * The persisted data model. These schemas validate the data file on load (a damaged file is
 * refused, never replaced) and are the record types every Store implementation speaks.
 */

const isoDate = z.iso.datetime();

export const siteRecordSchema = z.object({
  id: siteIdSchema,
  name: z.string().min(1).max(100),
  origins: z.array(originSchema).min(1).max(20),
  rpId: z.string().min(1).max(253),
  loginCallback: z.string().url().max(2048),
  formOverrides: formOverridesSchema.optional(),
  policy: sitePolicySchema.optional(),
  /** sha256 (hex) of the 32-byte random secret; the secret itself is shown once. */
  secretHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Registered with `verifyOrigins` and not verified yet: the site is inactive (not a partner anywhere). */
  pendingVerification: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32,64}$/), requestedAt: isoDate }).optional(),
  /**
   * Origins an owner added to a live site in the console, not yet proven: not in `origins` (the
   * extension doesn't act there) until each serves `{ siteId, token }` at ORIGIN_PROOF_PATH.
   */
  pendingOrigins: z
    .object({ origins: z.array(originSchema).min(1).max(20), token: z.string().regex(/^[A-Za-z0-9_-]{32,64}$/), requestedAt: isoDate })
    .optional(),
  /** After a rotation with an overlap window: the old secret still works until `until`. */
  previousSecret: z.object({ secretHash: z.string().regex(/^[0-9a-f]{64}$/), until: isoDate }).optional(),
  createdAt: isoDate,
});
export type SiteRecord = z.infer<typeof siteRecordSchema>;

export const userRecordSchema = z.object({
  siteId: siteIdSchema,
  /** The partner site's own user id (from its append grant). */
  userId: z.string().min(1).max(128),
  username: z.string().min(1).max(256),
  displayName: z.string().max(256),
  /** WebAuthn user handle: 32 random bytes, base64url; never the site's user id. */
  webauthnUserId: base64url.min(1).max(128),
  createdAt: isoDate,
});
export type UserRecord = z.infer<typeof userRecordSchema>;

/** Where a credential was created or used: the client signals minus the capability details. */
export const deviceSeenSchema = clientSignalsSchema.pick({ devicePseudonym: true, os: true, browser: true, mobile: true });
export type DeviceSeen = z.infer<typeof deviceSeenSchema>;

export const credentialRecordSchema = z.object({
  /** base64url credential id, unique across all sites. */
  id: credentialIdB64,
  siteId: siteIdSchema,
  userId: z.string().min(1).max(128),
  /** COSE public key, base64url. */
  publicKey: base64url.min(1),
  counter: z.number().int().min(0),
  transports: z.array(transportSchema),
  aaguid: z.string(),
  backupEligible: z.boolean(),
  backedUp: z.boolean(),
  deviceType: z.enum(['singleDevice', 'multiDevice']),
  createdAt: isoDate,
  createdOn: deviceSeenSchema,
  lastUsedAt: isoDate.nullable(),
  lastUsedOn: deviceSeenSchema.nullable(),
});
export type CredentialRecord = z.infer<typeof credentialRecordSchema>;

export const eventTypeSchema = z.enum(['login-success', 'login-failure', 'append-offer', 'append-create', 'append-skip', 'append-never']);
export type EventType = z.infer<typeof eventTypeSchema>;

export const eventRecordSchema = z.object({
  siteId: siteIdSchema,
  userId: z.string().min(1).max(128),
  type: eventTypeSchema,
  devicePseudonym: z.string().max(64),
  at: isoDate,
  detail: z.string().max(200).optional(),
});
export type EventRecord = z.infer<typeof eventRecordSchema>;

/** Per-user history kept; older events are dropped (ARCHITECTURE §6: bounded history). */
export const EVENTS_PER_USER = 50;

export const signingKeyRecordSchema = z.object({
  kid: z.string().min(1).max(128),
  privateJwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), d: z.string() }),
  createdAt: isoDate,
  /**
   * A rotated-in key signs from this time on, and is published before it (tokens/keyRing.ts):
   * partner backends that cached the key set see it before the first token it signs.
   */
  notBefore: isoDate.optional(),
});
export type SigningKeyRecord = z.infer<typeof signingKeyRecordSchema>;

export const usedTokenRecordSchema = z.object({ jti: z.string().min(1).max(128), exp: z.number().int() });
export type UsedTokenRecord = z.infer<typeof usedTokenRecordSchema>;

/**
 * A site's aggregate counters, per UTC day (YYYY-MM-DD) and counter name: counts only, never
 * about one person (issue 15: what the site-owner console shows).
 */
export const dayKeySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const counterNameSchema = z.string().regex(/^[a-zA-Z][\w:.-]{0,99}$/);
export const siteCountersSchema = z.record(siteIdSchema, z.record(dayKeySchema, z.record(counterNameSchema, z.number().int().min(0))));
export type SiteCounters = z.infer<typeof siteCountersSchema>;

/** One change to a site's settings (issue 15: the console's audit list): who, when, what. Never a secret. */
export const auditEntrySchema = z.object({
  siteId: siteIdSchema,
  at: isoDate,
  /** Who made it: `cli` (npm run site), `admin-api`, later `console:<owner>`. */
  actor: z.string().min(1).max(100),
  action: auditActionSchema,
  /** What changed, e.g. the new policy as JSON; never a secret. */
  detail: z.string().max(1000).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
/** Per site, the newest kept. */
export const AUDIT_ENTRIES_PER_SITE = 500;

// ---- the site-owner console (issue 15): owners, their passkeys, enrolment links, sessions ----
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
export const consoleOwnerRecordSchema = z.object({
  id: z.string().regex(/^own_[A-Za-z0-9_-]{16,64}$/),
  name: z.string().min(1).max(100),
  /** WebAuthn user handle for the console's RP (the companion's host): random, never the id. */
  webauthnUserId: base64url.min(1).max(128),
  /** The sites this owner may see and steer. */
  siteIds: z.array(siteIdSchema).max(200),
  createdAt: isoDate,
});
export type ConsoleOwnerRecord = z.infer<typeof consoleOwnerRecordSchema>;

/** A passkey an owner signs in to the console with (RP ID = the companion's host). */
export const consolePasskeyRecordSchema = z.object({
  id: credentialIdB64,
  ownerId: consoleOwnerRecordSchema.shape.id,
  publicKey: base64url.min(1),
  counter: z.number().int().min(0),
  transports: z.array(transportSchema),
  createdAt: isoDate,
  lastUsedAt: isoDate.nullable(),
});
export type ConsolePasskeyRecord = z.infer<typeof consolePasskeyRecordSchema>;

/** A one-time enrolment link; only the sha256 of its token is kept. */
export const consoleInviteRecordSchema = z.object({
  tokenHash: sha256Hex,
  siteId: siteIdSchema,
  expiresAt: isoDate,
  /** `cli`, or `console:<owner id>`. */
  createdBy: z.string().min(1).max(100),
  createdAt: isoDate,
});
export type ConsoleInviteRecord = z.infer<typeof consoleInviteRecordSchema>;

/** A signed-in console session; only the sha256 of the cookie's value is kept. */
export const consoleSessionRecordSchema = z.object({
  idHash: sha256Hex,
  ownerId: consoleOwnerRecordSchema.shape.id,
  csrfToken: z.string().min(16).max(128),
  expiresAt: isoDate,
  createdAt: isoDate,
});
export type ConsoleSessionRecord = z.infer<typeof consoleSessionRecordSchema>;

/** What a site's passkeys are, counted (the console's provider and platform breakdowns). */
export interface CredentialSummary {
  usersWithPasskeys: number;
  passkeys: number;
  /** Count per raw AAGUID. */
  byAaguid: Record<string, number>;
  /** Count per platform the passkey was created on: `${os}:${mobile ? 'mobile' : 'desktop'}`. */
  byPlatform: Record<string, number>;
}

export const DATA_VERSION = 1;

export const dataFileSchema = z.object({
  version: z.literal(DATA_VERSION),
  sites: z.array(siteRecordSchema),
  users: z.array(userRecordSchema),
  credentials: z.array(credentialRecordSchema),
  events: z.array(eventRecordSchema),
  signingKey: signingKeyRecordSchema.nullable(),
  /** Keys rotated out whose tokens may still be in flight, oldest first (before `signingKey`). */
  previousSigningKeys: z.array(signingKeyRecordSchema).optional(),
  usedTokens: z.array(usedTokenRecordSchema),
  siteCounters: siteCountersSchema.optional(),
  audit: z.array(auditEntrySchema).optional(),
  consoleOwners: z.array(consoleOwnerRecordSchema).optional(),
  consolePasskeys: z.array(consolePasskeyRecordSchema).optional(),
  consoleInvites: z.array(consoleInviteRecordSchema).optional(),
  consoleSessions: z.array(consoleSessionRecordSchema).optional(),
});
export type DataFile = z.infer<typeof dataFileSchema>;

export function emptyData(): DataFile {
  return { version: DATA_VERSION, sites: [], users: [], credentials: [], events: [], signingKey: null, usedTokens: [] };
}
