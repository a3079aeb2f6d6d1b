import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z, type ZodObject, type ZodType } from 'zod';
import {
  appendDeclineBodySchema,
  appendFinishBodySchema,
  appendFinishReplySchema,
  appendGrantBodySchema,
  appendGrantReplySchema,
  appendStartBodySchema,
  appendStartReplySchema,
  credentialIdB64,
  credentialsRemovedReplySchema,
  errorBodySchema,
  jwksReplySchema,
  loginConditionalBodySchema,
  loginConditionalReplySchema,
  loginFailureBodySchema,
  loginFailureReplySchema,
  loginFinishBodySchema,
  loginFinishReplySchema,
  loginStartBodySchema,
  loginStartReplySchema,
  okReplySchema,
  partnersReplySchema,
  passkeyDeleteReplySchema,
  passkeysDeleteBodySchema,
  passkeysListBodySchema,
  passkeysReplySchema,
  passkeysSessionBodySchema,
  passkeysSessionReplySchema,
  siteCreatedReplySchema,
  siteCredentialsReplySchema,
  siteIdSchema,
  sitePolicySchema,
  siteRegistrationSchema,
  rotateSecretBodySchema,
  siteAuditQuerySchema,
  siteAuditReplySchema,
  siteStatsQuerySchema,
  siteStatsReplySchema,
  siteUserIdSchema,
  tokenVerifyBodySchema,
  tokenVerifyReplySchema,
  CONSOLE_SESSION_COOKIE,
  CONSOLE_CSRF_HEADER,
  consoleCreationReplySchema,
  consoleInfoReplySchema,
  consoleLinkBodySchema,
  consoleRequestReplySchema,
  consoleSessionReplySchema,
  consoleSiteRegistrationSchema,
  consoleSiteReplySchema,
  consoleStatsReplySchema,
  enrolFinishBodySchema,
  enrolOptionsBodySchema,
  inviteAcceptBodySchema,
  inviteCheckBodySchema,
  inviteCheckReplySchema,
  inviteCreatedReplySchema,
  signinFinishBodySchema,
  siteSettingsBodySchema,
  ownerIdSchema,
} from '@pkc/shared';

/** Who may call an operation (the security schemes below). */
type Caller = 'anyone' | 'extension' | 'site' | 'admin' | 'console';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express's form (`/v1/sites/:siteId/…`): the same string the route is registered with. */
  path: string;
  summary: string;
  caller: Caller;
  body?: ZodType;
  params?: ZodObject;
  query?: ZodType;
  reply: ZodType;
  status?: 200 | 201;
  /** Default application/json. */
  contentType?: 'text/csv';
}

const siteParams = z.object({ siteId: siteIdSchema });
const userParams = siteParams.extend({ userId: siteUserIdSchema });

/**
 * Every route the server has, with the shared schemas its bodies are checked against: the
 * OpenAPI document is generated from this list (never written by hand), and a test fails when
 * a route exists without an entry here or the other way round (openApi.test.ts).
 */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/healthz', summary: 'The process answers', caller: 'anyone', reply: okReplySchema },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Ready to serve: the store answers and the signing key is loaded (503 otherwise)',
    caller: 'anyone',
    reply: okReplySchema,
  },
  { method: 'get', path: '/openapi.json', summary: 'This document', caller: 'anyone', reply: z.object({ openapi: z.string() }).loose() },
  {
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys of login tokens, for offline verification',
    caller: 'anyone',
    reply: jwksReplySchema,
  },

  {
    method: 'get',
    path: '/v1/ext/partners',
    summary: 'The registered partner sites and their origins',
    caller: 'extension',
    reply: partnersReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/login/start',
    summary: 'Passkey Intelligence: the login decision, with WebAuthn options when it is a passkey',
    caller: 'extension',
    body: loginStartBodySchema,
    reply: loginStartReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/login/conditional',
    summary: 'Passkey autofill: options for a conditional get with no username (the chosen passkey names the account)',
    caller: 'extension',
    body: loginConditionalBodySchema,
    reply: loginConditionalReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/login/finish',
    summary: 'Verifies the passkey assertion and issues a login token for the site',
    caller: 'extension',
    body: loginFinishBodySchema,
    reply: loginFinishReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/login/failure',
    summary: 'A passkey prompt failed or was cancelled on the device, or an immediate check found no passkey here',
    caller: 'extension',
    body: loginFailureBodySchema,
    reply: loginFailureReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/append/start',
    summary: 'Redeems an append grant: whether to offer a passkey, with creation options',
    caller: 'extension',
    body: appendStartBodySchema,
    reply: appendStartReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/append/finish',
    summary: 'Verifies and stores the new passkey',
    caller: 'extension',
    body: appendFinishBodySchema,
    reply: appendFinishReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/append/decline',
    summary: '"Not now" or "not on this device"',
    caller: 'extension',
    body: appendDeclineBodySchema,
    reply: okReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/passkeys/session',
    summary: "Your passkeys (popup): a recent login's append grant, once, for a short single-use manage session",
    caller: 'extension',
    body: passkeysSessionBodySchema,
    reply: passkeysSessionReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/passkeys/list',
    summary: "Your passkeys (popup): the session user's passkeys on this site, and the next session",
    caller: 'extension',
    body: passkeysListBodySchema,
    reply: passkeysReplySchema,
  },
  {
    method: 'post',
    path: '/v1/ext/passkeys/delete',
    summary: "Your passkeys (popup): removes one of the session user's passkeys; the list after, and the next session",
    caller: 'extension',
    body: passkeysDeleteBodySchema,
    reply: passkeyDeleteReplySchema,
  },

  {
    method: 'post',
    path: '/v1/sites/:siteId/append-grants',
    summary: "Hook 1: after the site's own login, a single-use grant to add a passkey",
    caller: 'site',
    params: siteParams,
    body: appendGrantBodySchema,
    reply: appendGrantReplySchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/v1/sites/:siteId/audit',
    summary: "Who changed the site's settings, when, and what (newest first)",
    caller: 'site',
    params: siteParams,
    query: siteAuditQuerySchema,
    reply: siteAuditReplySchema,
  },
  {
    method: 'get',
    path: '/v1/sites/:siteId/stats',
    summary: 'What passkeys did for the site, per day (aggregate counts only)',
    caller: 'site',
    params: siteParams,
    query: siteStatsQuerySchema,
    reply: siteStatsReplySchema,
  },
  {
    method: 'post',
    path: '/v1/sites/:siteId/login-tokens/verify',
    summary: 'Hook 2: redeems a login token once',
    caller: 'site',
    params: siteParams,
    body: tokenVerifyBodySchema,
    reply: tokenVerifyReplySchema,
  },
  {
    method: 'get',
    path: '/v1/sites/:siteId/users/:userId/credentials',
    summary: "A user's passkeys",
    caller: 'site',
    params: userParams,
    reply: siteCredentialsReplySchema,
  },
  {
    method: 'delete',
    path: '/v1/sites/:siteId/users/:userId/credentials',
    summary: "Removes all of a user's passkeys (password reset, sign out everywhere)",
    caller: 'site',
    params: userParams,
    reply: credentialsRemovedReplySchema,
  },
  {
    method: 'delete',
    path: '/v1/sites/:siteId/users/:userId/credentials/:credentialId',
    summary: 'Removes one passkey',
    caller: 'site',
    params: userParams.extend({ credentialId: credentialIdB64 }),
    reply: credentialsRemovedReplySchema,
  },

  {
    method: 'get',
    path: '/v1/admin/sites',
    summary: 'Lists sites (npm run site, embedded store only)',
    caller: 'admin',
    reply: partnersReplySchema,
  },
  {
    method: 'post',
    path: '/v1/admin/sites',
    summary: 'Registers a site',
    caller: 'admin',
    body: siteRegistrationSchema,
    reply: siteCreatedReplySchema,
    status: 201,
  },
  {
    method: 'post',
    path: '/v1/admin/sites/:siteId/rotate-secret',
    summary: 'A new site secret; with overlapMinutes the old one keeps working that long',
    caller: 'admin',
    params: siteParams,
    body: rotateSecretBodySchema,
    reply: siteCreatedReplySchema,
  },
  {
    method: 'post',
    path: '/v1/admin/sites/:siteId/verify',
    summary: "Checks each origin's proof of a site added with verifyOrigins; live when all serve it (409 origin_unverified otherwise)",
    caller: 'admin',
    params: siteParams,
    reply: okReplySchema,
  },
  {
    method: 'put',
    path: '/v1/admin/sites/:siteId/policy',
    summary: "Replaces a site's policy: tuning, the pause switch, the rollout",
    caller: 'admin',
    params: siteParams,
    body: sitePolicySchema,
    reply: okReplySchema,
  },
  {
    method: 'delete',
    path: '/v1/admin/sites/:siteId',
    summary: 'Removes a site with its users and passkeys',
    caller: 'admin',
    params: siteParams,
    reply: okReplySchema,
  },
  {
    method: 'post',
    path: '/v1/admin/sites/:siteId/console-link',
    summary: 'A one-time enrolment link for a new owner of the site in the console',
    caller: 'admin',
    params: siteParams,
    body: consoleLinkBodySchema,
    reply: inviteCreatedReplySchema,
    status: 201,
  },
  ...consoleOperations(),
];

/** The site-owner console's API (console/consoleRoutes.ts): called by the console's page only. */
function consoleOperations(): Operation[] {
  const signedOut = (path: string, summary: string, body: ZodType | undefined, reply: ZodType, status?: 201): Operation => ({
    method: 'post',
    path: `/v1/console/${path}`,
    summary,
    caller: 'anyone',
    ...(body ? { body } : {}),
    reply,
    ...(status ? { status } : {}),
  });
  const site = (method: Operation['method'], path: string, summary: string, more: Partial<Operation> & { reply: ZodType }): Operation => ({
    method,
    path: `/v1/console/sites/:siteId${path}`,
    summary,
    caller: 'console',
    params: siteParams,
    ...more,
  });
  return [
    { method: 'get', path: '/v1/console/info', summary: 'What the signed-out page needs', caller: 'anyone', reply: consoleInfoReplySchema },
    signedOut('signin/options', 'Options for signing in with a console passkey (discoverable)', undefined, consoleRequestReplySchema),
    signedOut('signin/finish', 'Signs in: sets the session cookie', signinFinishBodySchema, consoleSessionReplySchema),
    signedOut('invites/check', 'The site an enrolment link is for, without using it', inviteCheckBodySchema, inviteCheckReplySchema),
    signedOut(
      'enrol/options',
      'Options for a console passkey: with a link, or (self-service) without',
      enrolOptionsBodySchema,
      consoleCreationReplySchema,
    ),
    signedOut(
      'enrol/finish',
      'Stores the passkey, uses the link up, makes the owner and signs in',
      enrolFinishBodySchema,
      consoleSessionReplySchema,
      201,
    ),
    {
      method: 'get',
      path: '/v1/console/session',
      summary: 'The signed-in owner and their sites',
      caller: 'console',
      reply: consoleSessionReplySchema,
    },
    { method: 'post', path: '/v1/console/signout', summary: 'Ends the session', caller: 'console', reply: okReplySchema },
    {
      method: 'post',
      path: '/v1/console/invites/accept',
      summary: "Adds an enrolment link's site to the signed-in owner",
      caller: 'console',
      body: inviteAcceptBodySchema,
      reply: consoleSessionReplySchema,
    },
    {
      method: 'post',
      path: '/v1/console/sites',
      summary: 'Self-service: registers a site, inactive until its origins serve their proof',
      caller: 'console',
      body: consoleSiteRegistrationSchema,
      reply: siteCreatedReplySchema,
      status: 201,
    },
    site('get', '', "The site's settings, policy and owners", { reply: consoleSiteReplySchema }),
    site('get', '/stats', 'Counters per day and what the passkeys are', { query: siteStatsQuerySchema, reply: consoleStatsReplySchema }),
    site('get', '/stats.csv', 'The counters as CSV, one row per day', {
      query: siteStatsQuerySchema,
      reply: z.string(),
      contentType: 'text/csv',
    }),
    site('get', '/audit', 'Who changed what, newest first', { query: siteAuditQuerySchema, reply: siteAuditReplySchema }),
    site('put', '/policy', 'Replaces the policy: tuning, rollout, the pause switch', {
      body: sitePolicySchema,
      reply: consoleSiteReplySchema,
    }),
    site('put', '/settings', 'Moves origins or the login callback (origins stay under the RP ID)', {
      body: siteSettingsBodySchema,
      reply: consoleSiteReplySchema,
    }),
    site('post', '/rotate-secret', 'A new site secret (shown once), the old one working for the overlap', {
      body: rotateSecretBodySchema,
      reply: siteCreatedReplySchema,
    }),
    site('post', '/invites', 'A one-time link for one more owner (at most 20 unused per site)', {
      reply: inviteCreatedReplySchema,
      status: 201,
    }),
    site('delete', '/owners/:ownerId', 'Takes an owner off the site (not the last one)', {
      params: siteParams.extend({ ownerId: ownerIdSchema }),
      reply: consoleSiteReplySchema,
    }),
    site('post', '/verify', "Fetches each origin's proof; the site goes live when all serve it", { reply: consoleSiteReplySchema }),
  ];
}

/** `/v1/sites/:siteId` → `/v1/sites/{siteId}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z]+)/g, '{$1}');
}

const SECURITY: Record<Caller, Record<string, string[]>[]> = {
  anyone: [],
  extension: [{ extensionOrigin: [] }],
  site: [{ siteSecret: [] }],
  admin: [{ adminToken: [] }],
  console: [{ consoleSession: [] }],
};

export function openApiDocument(serverUrl: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'siteSecret', {
    type: 'http',
    scheme: 'bearer',
    description: 'The site secret from `npm run site -- add`',
  });
  registry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: "Random per server start, in the data file's lock file",
  });
  registry.registerComponent('securitySchemes', 'extensionOrigin', {
    type: 'apiKey',
    in: 'header',
    name: 'Origin',
    description: 'chrome-extension://<an allowed extension id> (EXTENSION_IDS); required on POSTs',
  });
  registry.registerComponent('securitySchemes', 'consoleSession', {
    type: 'apiKey',
    in: 'cookie',
    name: CONSOLE_SESSION_COOKIE,
    description: `The console session (HttpOnly, SameSite=Strict); every change also sends the session's csrfToken in ${CONSOLE_CSRF_HEADER}`,
  });
  const error = {
    description: 'An error with a closed code (shared/src/errors.ts)',
    content: { 'application/json': { schema: errorBodySchema } },
  };
  for (const operation of OPERATIONS) {
    registry.registerPath({
      method: operation.method,
      path: openApiPath(operation.path),
      summary: operation.summary,
      security: SECURITY[operation.caller],
      request: {
        ...(operation.params ? { params: operation.params } : {}),
        ...(operation.query ? { query: operation.query as ZodObject } : {}),
        ...(operation.body ? { body: { required: true, content: { 'application/json': { schema: operation.body } } } } : {}),
      },
      responses: {
        [String(operation.status ?? 200)]: {
          description: 'OK',
          content: { [operation.contentType ?? 'application/json']: { schema: operation.reply } },
        },
        '4XX': error,
        '5XX': error,
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Passkey Companion server',
      version: '1',
      description: 'The extension API (/v1/ext), the site-owner API (/v1/sites) and operations.',
    },
    servers: [{ url: serverUrl }],
  });
}

/** Serves the document, generated once per server. */
export function openApiRoute(serverUrl: string): Router {
  const router = Router();
  let document: unknown;
  router.get('/openapi.json', (_req, res) => {
    document ??= openApiDocument(serverUrl);
    res.json(document);
  });
  return router;
}
