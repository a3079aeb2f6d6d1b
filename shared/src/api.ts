import * as z from 'zod';
import { clientSignalsSchema } from './signals.ts';
import { formOverridesSchema } from './formOverrides.ts';
import { sitePolicySchema } from './sitePolicy.ts';
import { appendVariantSchema, reasonSchema } from './decisions.ts';
import {
  authenticationResponseSchema,
  base64url,
  creationOptionsSchema,
  credentialIdB64,
  registrationResponseSchema,
  requestOptionsSchema,
} from './webauthn.ts';

/*
 * Every HTTP body of the companion server. The extension-facing API (/v1/ext/...)
 * is called only by the extension's background; the site-owner API
 * (/v1/sites/{siteId}/...) by partner backends with their site secret.
 */

export const siteIdSchema = z.string().regex(/^site_[A-Za-z0-9_-]{8,40}$/, 'not a site id');
/** A host name (letters, digits, hyphens, dots) or a bracketed IPv6 address: never a `*` pattern. */
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(\.[a-z0-9_-]+)*)$/;

export const originSchema = z
  .string()
  .max(300)
  .refine((value) => {
    try {
      const url = new URL(value);
      // `new URL` keeps a `*` in the host ("https://*.shop.example"): as a match pattern it would
      // put the content script on every subdomain, so an origin is one exact host.
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value && HOST.test(url.hostname);
    } catch {
      return false;
    }
  }, 'must be an origin such as https://shop.example');

/** No control characters (NUL, line breaks, …): names and URLs are shown and stored as they are. */
export const hasNoControlCharacters = (value: string) => ![...value].some((char) => char < ' ' || char === '\u007f');
/** A display name: trimmed, 1–`max` characters, no control characters. */
export const displayTextSchema = (max: number, empty = 'must not be empty') =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(max, `at most ${max} characters`)
    .refine(hasNoControlCharacters, 'must not contain control characters');

/** An http(s) URL: where the extension may send the browser (a `javascript:` or `ftp:` URL is refused). */
export const webUrlSchema = z
  .string()
  .max(2048)
  .refine(hasNoControlCharacters, 'must not contain control characters')
  .refine((value) => {
    try {
      const { protocol } = new URL(value);
      return protocol === 'https:' || protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL such as https://shop.example/passkey-login');
export const ceremonyIdSchema = z.string().regex(/^cer_[A-Za-z0-9_-]{16,64}$/, 'not a ceremony id');
export const usernameSchema = z.string().trim().min(1).max(256);
/**
 * The partner page's login nonce (cookie `passkey-companion-nonce`): carried from the browser
 * that runs the passkey login into its token, and checked at the login callback against that
 * browser's cookie, so a token can't be posted into another person's browser (login CSRF).
 */
export const loginNonceSchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'must be 16-128 url-safe characters');
export const LOGIN_NONCE_COOKIE = 'passkey-companion-nonce';

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** For bad input: the dotted path of the field at fault (a form shows the message next to it). */
    field: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

// ---- partner list (GET /v1/ext/partners) ----
export const partnerSchema = z.object({
  siteId: siteIdSchema,
  name: z.string().max(100),
  origins: z.array(originSchema).min(1).max(20),
  /** Where the login fields are, for the rare page the heuristics miss (registered by the site owner). */
  formOverrides: formOverridesSchema.optional(),
});
export type Partner = z.infer<typeof partnerSchema>;
export const partnersReplySchema = z.object({ partners: z.array(partnerSchema).max(10_000) });
export type PartnersReply = z.infer<typeof partnersReplySchema>;

// ---- login: decision + options in one round trip (POST /v1/ext/login/start) ----
export const loginStartBodySchema = z.object({
  siteId: siteIdSchema,
  origin: originSchema,
  username: usernameSchema,
  client: clientSignalsSchema,
  /** The page's login nonce, when the site sets one; it ends up in the token's `nonce`. */
  pageNonce: loginNonceSchema.optional(),
});
export type LoginStartBody = z.infer<typeof loginStartBodySchema>;

const ceremonyGet = z.object({ ceremonyId: ceremonyIdSchema, options: requestOptionsSchema });

// ---- passkey autofill (POST /v1/ext/login/conditional) ----
/**
 * A login page's passkey autofill (conditional UI): options for a conditional get with no
 * username — the browser offers the site's passkeys it holds in the identifier field's
 * autofill, and the person's choice names the account.
 */
export const loginConditionalBodySchema = z.object({
  siteId: siteIdSchema,
  origin: originSchema,
  client: clientSignalsSchema,
  pageNonce: loginNonceSchema.optional(),
});
export type LoginConditionalBody = z.infer<typeof loginConditionalBodySchema>;
export const loginConditionalReplySchema = z.object({ siteName: z.string().max(100).optional(), ceremony: ceremonyGet });
export type LoginConditionalReply = z.infer<typeof loginConditionalReplySchema>;
/** The partner's display name ("Shop"), so the overlay need not show a hostname. Optional: added later. */
const siteName = z.string().max(100).optional();
/**
 * What the user's passkey provider should keep for this rp id (WebAuthn Signal API,
 * signalAllAcceptedCredentials): the user's handle and every credential id the server still
 * accepts for that user. Sent only after a verified login: before that, anyone who types a
 * username would learn the user handle and every credential id.
 */
export const acceptedCredentialsSignalSchema = z.object({
  userId: base64url.min(1).max(128),
  acceptedCredentialIds: z.array(credentialIdB64).max(100),
  /** The account's current name and display name, for signalCurrentUserDetails (the provider shows them). */
  name: z.string().min(1).max(256).optional(),
  displayName: z.string().max(256).optional(),
});
export type AcceptedCredentialsSignal = z.infer<typeof acceptedCredentialsSignalSchema>;
export const loginStartReplySchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('passkey'),
    reason: reasonSchema,
    siteName,
    ceremony: ceremonyGet,
    /** Unsure whether a passkey is here: ask with `uiMode: 'immediate'` (no UI; NotAllowedError = none here). */
    mediation: z.literal('immediate').optional(),
  }),
  z.object({ decision: z.literal('hybrid'), reason: reasonSchema, siteName, ceremony: ceremonyGet }),
  z.object({ decision: z.literal('password'), reason: reasonSchema, siteName }),
]);
export type LoginStartReply = z.infer<typeof loginStartReplySchema>;

// ---- login finish (POST /v1/ext/login/finish) ----
export const loginFinishBodySchema = z.object({
  ceremonyId: ceremonyIdSchema,
  origin: originSchema,
  response: authenticationResponseSchema,
});
export type LoginFinishBody = z.infer<typeof loginFinishBodySchema>;
export const loginFinishReplySchema = z.object({
  token: z.string().min(1).max(4096),
  callbackUrl: webUrlSchema,
  signal: acceptedCredentialsSignalSchema.optional(),
  /** The decision's full sentence (which passkey, where), now that the person is verified. */
  reason: reasonSchema.optional(),
});
export type LoginFinishReply = z.infer<typeof loginFinishReplySchema>;

// ---- passkey login failure report (POST /v1/ext/login/failure) ----
export const loginFailureBodySchema = z.object({
  ceremonyId: ceremonyIdSchema,
  origin: originSchema,
  /** The DOMException name from navigator.credentials.get(), e.g. NotAllowedError. */
  errorName: z.string().max(64),
});
export type LoginFailureBody = z.infer<typeof loginFailureBodySchema>;
/** `reason`: after an immediate check that found no passkey here, what the popup tells the person. */
export const loginFailureReplySchema = z.object({ ok: z.literal(true), reason: reasonSchema.optional() });
export type LoginFailureReply = z.infer<typeof loginFailureReplySchema>;

// ---- append: decision + creation options (POST /v1/ext/append/start) ----
export const grantSchema = z.string().min(16).max(512);
export const appendStartBodySchema = z.object({
  siteId: siteIdSchema,
  origin: originSchema,
  grant: grantSchema,
  client: clientSignalsSchema,
});
export type AppendStartBody = z.infer<typeof appendStartBodySchema>;
export const appendStartReplySchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('offer'),
    variant: appendVariantSchema,
    reason: reasonSchema,
    siteName,
    username: z.string(),
    ceremony: z.object({ ceremonyId: ceremonyIdSchema, options: creationOptionsSchema }),
  }),
  z.object({ decision: z.literal('skip'), reason: reasonSchema, siteName }),
]);
export type AppendStartReply = z.infer<typeof appendStartReplySchema>;

// ---- append finish (POST /v1/ext/append/finish) ----
export const appendFinishBodySchema = z.object({
  ceremonyId: ceremonyIdSchema,
  origin: originSchema,
  response: registrationResponseSchema,
  /**
   * 'conditional': made by the browser's automatic passkey upgrade (create with mediation
   * conditional, right after a password login), which creates without a user gesture: user
   * presence and verification flags may be off. Accepted as such only for an offer whose start
   * said the browser can (capabilities.conditionalCreate).
   */
  mediation: z.literal('conditional').optional(),
});
export type AppendFinishBody = z.infer<typeof appendFinishBodySchema>;
export const appendFinishReplySchema = z.object({ credentialId: credentialIdB64 });
export type AppendFinishReply = z.infer<typeof appendFinishReplySchema>;

// ---- append declined (POST /v1/ext/append/decline) ----
export const appendDeclineBodySchema = z.object({
  ceremonyId: ceremonyIdSchema,
  origin: originSchema,
  /** skip = not now (backs off); never = not on this device. */
  choice: z.enum(['skip', 'never']),
});
export type AppendDeclineBody = z.infer<typeof appendDeclineBodySchema>;
export const okReplySchema = z.object({ ok: z.literal(true) });

// ---- site-owner API ----
export const appendGrantBodySchema = z.object({
  userId: z.string().min(1).max(128),
  username: usernameSchema,
  displayName: z.string().max(256).optional(),
  /**
   * How the person just signed in. Hook 1 follows the site's own (password) login, the
   * default; a site that also offers a second device after a passkey login says `passkey`.
   * Counted for the console's passkey share of successful logins.
   */
  signedInWith: z.enum(['password', 'passkey']).optional(),
});
export type AppendGrantBody = z.infer<typeof appendGrantBodySchema>;

// ---- a user's passkeys, for the site (GET / DELETE /v1/sites/{siteId}/users/{userId}/credentials[/{credentialId}]) ----
export const siteUserIdSchema = appendGrantBodySchema.shape.userId;
export const siteCredentialSchema = z.object({
  credentialId: credentialIdB64,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** The provider's AAGUID (all zeros when the authenticator doesn't say). */
  aaguid: z.string(),
  /** Synced (backup eligible) or bound to one device. */
  synced: z.boolean(),
  createdOn: clientSignalsSchema.pick({ os: true, browser: true, mobile: true }),
});
export type SiteCredential = z.infer<typeof siteCredentialSchema>;
export const siteCredentialsReplySchema = z.object({ credentials: z.array(siteCredentialSchema) });
export const credentialsRemovedReplySchema = z.object({ removed: z.number().int().min(0) });
export const appendGrantReplySchema = z.object({ grant: grantSchema, expiresAt: z.string() });
export type AppendGrantReply = z.infer<typeof appendGrantReplySchema>;

export const tokenVerifyBodySchema = z.object({
  token: z.string().min(1).max(4096),
  /**
   * The login nonce cookie of the browser that posted the token. When given, the token must
   * carry the same (`token_other_browser` otherwise): the token was made in this browser.
   */
  nonce: loginNonceSchema.optional(),
});
export type TokenVerifyBody = z.infer<typeof tokenVerifyBodySchema>;
export const tokenVerifyReplySchema = z.object({
  userId: z.string(),
  username: z.string(),
  credentialId: credentialIdB64,
  crossDevice: z.boolean(),
  authTime: z.string(),
  /**
   * The first login with this passkey: tell the person ("a new passkey signed in to your
   * account"), as a site does for a new device. A passkey made from a stolen grant shows here.
   */
  newPasskey: z.boolean(),
});
export type TokenVerifyReply = z.infer<typeof tokenVerifyReplySchema>;

// ---- site registration (CLI and the admin endpoint the CLI uses on a running server) ----
export const siteRegistrationSchema = z.object({
  name: displayTextSchema(100),
  origins: z.array(originSchema).min(1).max(20),
  loginCallback: webUrlSchema,
  /** Defaults to the hostname of the first origin. */
  rpId: z.string().min(1).max(253).optional(),
  formOverrides: formOverridesSchema.optional(),
  policy: sitePolicySchema.optional(),
  /**
   * The site stays inactive until each origin serves its proof (ORIGIN_PROOF_PATH): for
   * registrations on the word of someone who may not control the origins.
   */
  verifyOrigins: z.boolean().optional(),
});
export type SiteRegistration = z.infer<typeof siteRegistrationSchema>;
/** Where each origin of a site registered with `verifyOrigins` serves `{ siteId, token }` (JSON). */
export const ORIGIN_PROOF_PATH = '/.well-known/passkey-companion.json';
export const originProofSchema = z.object({ siteId: siteIdSchema, token: z.string().regex(/^[A-Za-z0-9_-]{32,64}$/) });
export type OriginProof = z.infer<typeof originProofSchema>;
export const siteCreatedReplySchema = z.object({
  siteId: siteIdSchema,
  secret: z.string(),
  /** With `verifyOrigins`: what each origin must serve at ORIGIN_PROOF_PATH before the site is live. */
  originProof: originProofSchema.optional(),
});
export type SiteCreatedReply = z.infer<typeof siteCreatedReplySchema>;

// ---- login token claims (ES256 JWT; iss = server public URL, aud = siteId, sub = userId) ----
export const loginTokenClaimsSchema = z.object({
  iss: z.string(),
  aud: siteIdSchema,
  sub: z.string().min(1),
  jti: z.string().min(16),
  iat: z.number().int(),
  exp: z.number().int(),
  username: z.string(),
  credentialId: credentialIdB64,
  crossDevice: z.boolean(),
  /** The page nonce the login started with, when there was one. */
  nonce: loginNonceSchema.optional(),
  /** The first login with this passkey. */
  firstUse: z.boolean().optional(),
});
export type LoginTokenClaims = z.infer<typeof loginTokenClaimsSchema>;

/** `GET /.well-known/jwks.json`: the public keys login tokens are signed with (ES256). */
export const jwksReplySchema = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('EC'),
      crv: z.literal('P-256'),
      x: z.string(),
      y: z.string(),
      kid: z.string(),
      alg: z.literal('ES256'),
      use: z.literal('sig'),
    }),
  ),
});

// ---- your passkeys, for the extension's popup (issue 14, item 4) ----
// POST /v1/ext/passkeys/session | /v1/ext/passkeys/list | /v1/ext/passkeys/delete. The proof of
// who the person is: an append grant from a recent login, exchanged once for a manage session
// (server/src/passkeys/manageSessions.ts says why and for how long).
/** A manage session: single use, each list or delete answers with its successor. */
export const manageSessionSchema = z.string().regex(/^mng_[A-Za-z0-9_-]{32,64}$/, 'not a manage session');
const devicePseudonymSchema = clientSignalsSchema.shape.devicePseudonym;
export const passkeysSessionBodySchema = z.object({ siteId: siteIdSchema, origin: originSchema, grant: grantSchema });
export type PasskeysSessionBody = z.infer<typeof passkeysSessionBodySchema>;
export const passkeysSessionReplySchema = z.object({ session: manageSessionSchema, expiresAt: z.string() });
export type PasskeysSessionReply = z.infer<typeof passkeysSessionReplySchema>;
export const passkeysListBodySchema = z.object({
  siteId: siteIdSchema,
  origin: originSchema,
  session: manageSessionSchema,
  /** This device's pseudonym for the site: which passkeys were made or last used here. */
  devicePseudonym: devicePseudonymSchema,
});
export type PasskeysListBody = z.infer<typeof passkeysListBodySchema>;
export const passkeysDeleteBodySchema = passkeysListBodySchema.extend({ credentialId: credentialIdB64 });
export type PasskeysDeleteBody = z.infer<typeof passkeysDeleteBodySchema>;
const deviceDescriptionSchema = clientSignalsSchema.pick({ os: true, browser: true, mobile: true });
export const managedPasskeySchema = z.object({
  credentialId: credentialIdB64,
  /** From the AAGUID ("iCloud Keychain", "Google Password Manager"…; "unknown provider"). */
  provider: z.string().max(100),
  synced: z.boolean(),
  createdAt: z.string(),
  createdOn: deviceDescriptionSchema,
  createdHere: z.boolean(),
  lastUsedAt: z.string().nullable(),
  lastUsedOn: deviceDescriptionSchema.nullable(),
  lastUsedHere: z.boolean(),
});
export type ManagedPasskey = z.infer<typeof managedPasskeySchema>;
/**
 * What the provider should know now (Signal API): the accepted credential ids
 * (signalAllAcceptedCredentials) and the account's current names (signalCurrentUserDetails).
 */
export const currentPasskeysSignalSchema = acceptedCredentialsSignalSchema.extend({
  rpId: z.string().min(1).max(253),
  name: z.string().max(256),
  displayName: z.string().max(256),
});
export type CurrentPasskeysSignal = z.infer<typeof currentPasskeysSignalSchema>;
export const passkeysReplySchema = z.object({
  /** The next manage session (this one is used up), with the same end as the first. */
  session: manageSessionSchema,
  expiresAt: z.string(),
  username: z.string(),
  passkeys: z.array(managedPasskeySchema).max(100),
  /** Absent while the site knows no such user yet (a grant never used for an append). */
  signal: currentPasskeysSignalSchema.optional(),
});
export type PasskeysReply = z.infer<typeof passkeysReplySchema>;
export const passkeyDeleteReplySchema = passkeysReplySchema.extend({ removed: credentialIdB64 });
export type PasskeyDeleteReply = z.infer<typeof passkeyDeleteReplySchema>;

// ---- a site's aggregate counters (GET /v1/sites/{siteId}/stats, site secret) ----
const MAX_STATS_DAYS = 366;
/** A UTC day, YYYY-MM-DD, that exists. */
export const statsDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine(
    (day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    'not a day of the calendar',
  );
export const siteStatsQuerySchema = z
  .object({ from: statsDaySchema, to: statsDaySchema })
  .refine((query) => query.from <= query.to, { message: 'from must not be after to', path: ['from'] })
  .refine((query) => (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 < MAX_STATS_DAYS, {
    message: `at most ${MAX_STATS_DAYS} days at a time`,
    path: ['to'],
  });
export type SiteStatsQuery = z.infer<typeof siteStatsQuerySchema>;
/**
 * Counts only. The five named ones are always there; every other counter the server keeps
 * (decisions by kind `decision:passkey` and reason `reason:…`, failures by error name
 * `loginFailed:…`, offers and creations by variant, …) appears when it isn't zero.
 */
export const siteStatsCountsSchema = z
  .object({
    passkeyLoginsSucceeded: z.number().int().min(0),
    passkeyLoginsFailed: z.number().int().min(0),
    appendOffered: z.number().int().min(0),
    appendCreated: z.number().int().min(0),
    fallbacksToPassword: z.number().int().min(0),
  })
  .catchall(z.number().int().min(0));
export const siteStatsReplySchema = z.object({
  from: statsDaySchema,
  to: statsDaySchema,
  totals: siteStatsCountsSchema,
  /** One entry per day of the range, oldest first. */
  days: z.array(z.object({ day: statsDaySchema, counts: siteStatsCountsSchema })),
});
export type SiteStatsReply = z.infer<typeof siteStatsReplySchema>;

// ---- rotating a site secret (npm run site -- rotate-secret; POST /v1/admin/sites/{siteId}/rotate-secret) ----
/** `overlapMinutes`: how long the old secret keeps working, so a site's backends can roll (default 0: at once). */
export const rotateSecretBodySchema = z.object({ overlapMinutes: z.number().int().min(0).max(10_080).optional() }).strict();
export type RotateSecretBody = z.infer<typeof rotateSecretBodySchema>;

// ---- a site's audit list (GET /v1/sites/{siteId}/audit, site secret; also in the console) ----
export const auditActionSchema = z.enum([
  'site-added',
  'policy-changed',
  'secret-rotated',
  'origins-verified',
  /** Origins or login callback. */
  'settings-changed',
  /** A console enrolment link was minted for the site. */
  'owner-invited',
  /** Someone became an owner of the site in the console (enrolled or accepted a link). */
  'owner-added',
  /** An owner was taken off the site (by another owner, or left). */
  'owner-removed',
]);
export const siteAuditQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const siteAuditReplySchema = z.object({
  /** Newest first: who changed what, when (never a secret). */
  entries: z.array(
    z.object({
      at: z.string(),
      actor: z.string(),
      action: auditActionSchema,
      detail: z.string().optional(),
    }),
  ),
});
export type SiteAuditReply = z.infer<typeof siteAuditReplySchema>;
