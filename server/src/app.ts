import express, { type Express } from 'express';
import { Ceremonies } from './ceremonies/ceremonies.ts';
import { extRoutes } from './ceremonies/extRoutes.ts';
import type { Clock } from './clock.ts';
import type { Logger } from 'pino';
import { errorMiddleware, notFoundHandler } from './errors.ts';
import { healthRoutes } from './http/healthRoutes.ts';
import { openApiRoute } from './http/openApi.ts';
import { checkRepliesAgainstDescription } from './http/replyConformance.ts';
import { requestLog } from './http/requestLog.ts';
import { extensionOriginGuard } from './http/extensionOrigin.ts';
import { DEFAULT_RATE_LIMITS, rateLimiter, type RateLimits } from './http/rateLimit.ts';
import { requireJsonOnPost } from './http/requireJson.ts';
import { consolePage } from './console/consolePage.ts';
import { consoleRoutes } from './console/consoleRoutes.ts';
import { adminRoutes } from './sites/adminRoutes.ts';
import { siteOwnerRoutes } from './sites/siteOwnerRoutes.ts';
import type { SharedState } from './sharedState/SharedState.ts';
import { SiteCounters } from './stats/siteCounters.ts';
import type { Store } from './store/Store.ts';
import type { GrantLimits } from './tokens/appendGrants.ts';
import { AppendGrantsRememberingLogins } from './passkeys/grantLogins.ts';
import { ManageSessions } from './passkeys/manageSessions.ts';
import { passkeyRoutes } from './passkeys/passkeyRoutes.ts';
import { jwksRoute } from './tokens/jwksRoute.ts';
import type { TokenSigner } from './tokens/loginTokens.ts';

export interface AppConfig {
  /** The server's public URL: the `iss` of login tokens. */
  publicUrl: string;
  /** Origins (chrome-extension://ID) allowed to call /v1/ext/*. */
  allowedExtensionOrigins: string[];
  /** Tests: every reply is checked against the API description (http/replyConformance.ts). */
  checkReplies?: boolean;
  /** Enables /v1/admin/* (used by `npm run site` while the server runs). */
  adminToken?: string;
  /** Default DEFAULT_RATE_LIMITS (per IP 60/min, per site + username 10/min). */
  rateLimits?: RateLimits;
  /** Default DEFAULT_GRANT_LIMITS (30k outstanding and 6,000 mints a minute per site). */
  grantLimits?: GrantLimits;
  /**
   * Express's `trust proxy` (TRUST_PROXY): which proxies' X-Forwarded-For to believe, so rate
   * limits count the real client IP. Default false: behind a proxy every client shares one IP.
   */
  trustProxy?: boolean | number | string;
  /** Site owners may register sites from the console (CONSOLE_SELF_SERVICE). Default false. */
  consoleSelfService?: boolean;
  /** Tests: how the console fetches an origin's proof (sites/originProof.ts by default). */
  fetchOriginProof?: (origin: string) => Promise<unknown>;
}

export interface AppDeps {
  store: Store;
  clock: Clock;
  config: AppConfig;
  signer: TokenSigner;
  /** Ceremonies, grants, rate limits: memory for one server, the database for several. */
  shared: SharedState;
  /** For /readyz: throws when the store can't serve. */
  checkStore: () => Promise<void>;
  /** Request lines and errors (http/requestLog.ts). */
  logger: Logger;
  /** The sites' aggregate counters; the server flushes them when it stops. */
  counters?: SiteCounters;
}

const BODY_LIMIT = '64kb';

/** Where a decision is computed or a signature verified: the endpoints worth throttling. */
const RATE_LIMITED_PATHS = [
  '/v1/ext/login/start',
  '/v1/ext/login/conditional',
  '/v1/ext/append/start',
  '/v1/ext/login/finish',
  '/v1/ext/append/finish',
  '/v1/ext/passkeys/session',
  '/v1/ext/passkeys/list',
  '/v1/ext/passkeys/delete',
  // The console's sign-in and enrolment: each verifies a signature or reads an invite.
  '/v1/console/signin/options',
  '/v1/console/signin/finish',
  '/v1/console/enrol/options',
  '/v1/console/enrol/finish',
  '/v1/console/invites/check',
  // A prefix: every console POST on sites — self-service registration, origin checks (each a
  // fetch from the server), links minted, secret rotations.
  '/v1/console/sites',
];

export function createApp({ store, clock, config, signer, shared, checkStore, logger, counters }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ?? false);
  const ceremonies = new Ceremonies(shared);
  // A taken grant still proves the recent login once, for the popup's manage session (passkeys/grantLogins.ts).
  const grants = new AppendGrantsRememberingLogins(shared, config.grantLimits);
  const deps = { store, clock, ceremonies, grants, signer, counters: counters ?? new SiteCounters(store, clock) };

  app.use(requestLog(logger));
  if (config.checkReplies) app.use(checkRepliesAgainstDescription);
  app.use(healthRoutes({ checkStore, signer }));
  app.use(openApiRoute(config.publicUrl));
  app.use('/v1/ext', extensionOriginGuard(config.allowedExtensionOrigins));
  app.use(requireJsonOnPost);
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  // Middleware, not a route: every route is one the API description lists (http/openApi.ts).
  const limiter = rateLimiter(shared, config.rateLimits ?? DEFAULT_RATE_LIMITS);
  app.use(RATE_LIMITED_PATHS, (req, res, next) => (req.method === 'POST' ? limiter(req, res, next) : next()));
  app.use(extRoutes(deps));
  app.use(passkeyRoutes({ store, clock, grants, sessions: new ManageSessions(shared, clock) }));
  app.use(siteOwnerRoutes(deps));
  app.use(
    consoleRoutes({
      ...deps,
      shared,
      config: {
        publicUrl: config.publicUrl,
        selfService: config.consoleSelfService ?? false,
        ...(config.fetchOriginProof ? { fetchProof: config.fetchOriginProof } : {}),
      },
    }),
  );
  app.use(consolePage());
  app.use(adminRoutes({ store, clock, adminToken: config.adminToken, publicUrl: config.publicUrl }));
  app.use(jwksRoute(signer));
  app.use(notFoundHandler);
  app.use(errorMiddleware((message, error) => logger.error({ err: error }, message)));
  return app;
}
