import * as z from 'zod';
import {
  ceremonyIdSchema,
  displayTextSchema,
  originProofSchema,
  originSchema,
  siteIdSchema,
  siteStatsReplySchema,
  webUrlSchema,
} from './api.ts';
import { sitePolicySchema } from './sitePolicy.ts';
import { creationOptionsSchema, registrationResponseSchema, authenticationResponseSchema, requestOptionsSchema } from './webauthn.ts';

/*
 * The site-owner console (issue 15): the JSON API under /v1/console/, called only by the
 * console's own page (served by the companion at /console/). The owner signs in with a passkey
 * for the companion's own host; the session is an HttpOnly SameSite=Strict cookie, and every
 * change also carries the session's CSRF token in the CONSOLE_CSRF_HEADER header.
 */

export const CONSOLE_SESSION_COOKIE = 'pkc_console';
export const CONSOLE_CSRF_HEADER = 'x-console-csrf';
/** Where the console page is served; an enrolment link is `${PUBLIC_URL}${CONSOLE_PATH}#/enrol/${invite}`. */
export const CONSOLE_PATH = '/console/';

export const ownerIdSchema = z.string().regex(/^own_[A-Za-z0-9_-]{16,64}$/, 'not an owner id');
/** An enrolment link's secret part: single use, short-lived, only its hash is stored. */
export const inviteTokenSchema = z.string().regex(/^inv_[A-Za-z0-9_-]{32,64}$/, 'this link is not a console link');
export const ownerNameSchema = displayTextSchema(100, 'enter your name');

export const consoleSiteSummarySchema = z.object({
  siteId: siteIdSchema,
  name: z.string(),
  /** False while the site waits for its origins to be verified. */
  active: z.boolean(),
});
export type ConsoleSiteSummary = z.infer<typeof consoleSiteSummarySchema>;

/** GET /v1/console/session, and the reply of every sign-in. */
export const consoleSessionReplySchema = z.object({
  owner: z.object({ id: ownerIdSchema, name: z.string() }),
  sites: z.array(consoleSiteSummarySchema),
  /** Send back in CONSOLE_CSRF_HEADER with every change. */
  csrfToken: z.string(),
  /** The operator allows owners to register sites themselves (CONSOLE_SELF_SERVICE). */
  selfService: z.boolean(),
});
export type ConsoleSessionReply = z.infer<typeof consoleSessionReplySchema>;

/** GET /v1/console/info: what the signed-out page needs. */
export const consoleInfoReplySchema = z.object({ selfService: z.boolean() });
export type ConsoleInfoReply = z.infer<typeof consoleInfoReplySchema>;

// ---- enrolment: an invite link (CLI `console-link` or the console) → a passkey for the console ----
/** POST /v1/console/invites/check: the site an invite is for, without using it. */
export const inviteCheckBodySchema = z.object({ invite: inviteTokenSchema }).strict();
export const inviteCheckReplySchema = z.object({ siteName: z.string(), expiresAt: z.string() });
export type InviteCheckReply = z.infer<typeof inviteCheckReplySchema>;

/**
 * POST /v1/console/enrol/options. With an invite: a new owner of the invite's site, or (when
 * signed in) the site added to this owner. Without one, only when self-service is on: a new
 * owner with no site yet.
 */
export const enrolOptionsBodySchema = z.object({ invite: inviteTokenSchema.optional(), name: ownerNameSchema }).strict();
export type EnrolOptionsBody = z.infer<typeof enrolOptionsBodySchema>;
export const consoleCreationReplySchema = z.object({ ceremonyId: ceremonyIdSchema, options: creationOptionsSchema });
export type ConsoleCreationReply = z.infer<typeof consoleCreationReplySchema>;
/** POST /v1/console/enrol/finish → consoleSessionReplySchema (signed in). */
export const enrolFinishBodySchema = z.object({ ceremonyId: ceremonyIdSchema, response: registrationResponseSchema }).strict();
export type EnrolFinishBody = z.infer<typeof enrolFinishBodySchema>;
/** POST /v1/console/invites/accept (signed in): the invite's site joins this owner's sites, no new passkey. */
export const inviteAcceptBodySchema = inviteCheckBodySchema;

// ---- sign-in with a console passkey (discoverable: no name typed) ----
/** POST /v1/console/signin/options (no body) */
export const consoleRequestReplySchema = z.object({ ceremonyId: ceremonyIdSchema, options: requestOptionsSchema });
export type ConsoleRequestReply = z.infer<typeof consoleRequestReplySchema>;
/** POST /v1/console/signin/finish → consoleSessionReplySchema. */
export const signinFinishBodySchema = z.object({ ceremonyId: ceremonyIdSchema, response: authenticationResponseSchema }).strict();
export type SigninFinishBody = z.infer<typeof signinFinishBodySchema>;

// ---- one site (every route below: signed in, an owner of that site; changes need the CSRF header) ----
export const consoleOwnerSchema = z.object({ id: ownerIdSchema, name: z.string() });

/** GET /v1/console/sites/{siteId} */
export const consoleSiteReplySchema = z.object({
  siteId: siteIdSchema,
  name: z.string(),
  origins: z.array(z.string()),
  rpId: z.string(),
  loginCallback: z.string(),
  policy: sitePolicySchema,
  active: z.boolean(),
  /** Origins added to the live site, waiting for their proof (the extension doesn't act there yet). */
  pendingOrigins: z.array(z.string()).optional(),
  /** While inactive, or while origins wait: what each waiting origin must serve at ORIGIN_PROOF_PATH. */
  originProof: originProofSchema.optional(),
  /** After a rotation with an overlap: until when the old secret still works. */
  previousSecretUntil: z.string().optional(),
  owners: z.array(consoleOwnerSchema),
  createdAt: z.string(),
});
export type ConsoleSiteReply = z.infer<typeof consoleSiteReplySchema>;

/** PUT /v1/console/sites/{siteId}/policy: sitePolicySchema (the whole policy; absent fields take the defaults). */
/** PUT /v1/console/sites/{siteId}/settings: where the site lives. Origins must stay under the site's RP ID. */
export const siteSettingsBodySchema = z
  .object({
    origins: z.array(originSchema).min(1, 'at least one origin').max(20, 'at most 20 origins'),
    loginCallback: webUrlSchema,
  })
  .strict();
export type SiteSettingsBody = z.infer<typeof siteSettingsBodySchema>;

/** POST /v1/console/sites/{siteId}/rotate-secret: rotateSecretBodySchema → siteCreatedReplySchema (the secret, shown once). */
/** POST /v1/console/sites/{siteId}/invites → a link for one more owner. */
export const inviteCreatedReplySchema = z.object({ link: z.string(), expiresAt: z.string() });
export type InviteCreatedReply = z.infer<typeof inviteCreatedReplySchema>;
/** `npm run site -- console-link SITE_ID [--minutes N]` (POST /v1/admin/sites/{siteId}/console-link): how long the link works. */
export const consoleLinkBodySchema = z
  .object({ minutes: z.number().int().min(1).max(10_080, 'at most 7 days (10080 minutes)').optional() })
  .strict();
/** POST /v1/console/sites/{siteId}/verify: fetches each origin's proof → consoleSiteReplySchema, or 409 origin_unverified. */

/** GET /v1/console/sites/{siteId}/stats?from&to: the site's counters plus what its passkeys are. */
export const credentialSummarySchema = z.object({
  /** Users with at least one passkey (today, not per day). */
  usersWithPasskeys: z.number().int().min(0),
  passkeys: z.number().int().min(0),
  /** By provider name (AAGUID → name; unknown AAGUIDs as "Other"), most first. */
  byProvider: z.array(z.object({ name: z.string(), count: z.number().int().min(0) })),
  /** By the platform the passkey was created on, e.g. "macOS desktop", most first. */
  byPlatform: z.array(z.object({ name: z.string(), count: z.number().int().min(0) })),
});
export type CredentialSummaryReply = z.infer<typeof credentialSummarySchema>;
export const consoleStatsReplySchema = siteStatsReplySchema.extend({ credentials: credentialSummarySchema });
export type ConsoleStatsReply = z.infer<typeof consoleStatsReplySchema>;
/** GET /v1/console/sites/{siteId}/stats.csv?from&to: one row per day, one column per counter. */

/** POST /v1/console/sites (self-service, when the operator allows it): a new site, inactive until its origins are verified. */
export const consoleSiteRegistrationSchema = z
  .object({
    name: displayTextSchema(100, 'enter the site name'),
    origins: z.array(originSchema).min(1, 'at least one origin').max(20, 'at most 20 origins'),
    loginCallback: webUrlSchema,
  })
  .strict();
export type ConsoleSiteRegistration = z.infer<typeof consoleSiteRegistrationSchema>;
