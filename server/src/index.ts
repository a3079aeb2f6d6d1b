import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EXTENSION_ORIGIN, siteRegistrationSchema, type SiteCreatedReply, type SiteRegistration } from '@pkc/shared';
import { pino, type Logger } from 'pino';
import { createApp } from './app.ts';
import { closeGracefully } from './http/gracefulClose.ts';
import { SiteCounters } from './stats/siteCounters.ts';
import type { RateLimits } from './http/rateLimit.ts';
import { systemClock, type Clock } from './clock.ts';
import { parseWith } from './http/parseBody.ts';
import { createSite } from './sites/siteService.ts';
import { openStorage, type StorageChoice } from './storage.ts';
import type { Store } from './store/Store.ts';
import type { GrantLimits } from './tokens/appendGrants.ts';
import { KeyRing } from './tokens/keyRing.ts';
import { createTokenSigner, LOGIN_TOKEN_TTL_S } from './tokens/loginTokens.ts';

export type { Store } from './store/Store.ts';
export type { CredentialRecord, SiteRecord, UserRecord, EventRecord } from './store/records.ts';
export type { Clock } from './clock.ts';
export { createApp, type AppConfig } from './app.ts';
export { LowdbStore } from './store/lowdbStore.ts';
export { PgStore } from './store/postgres/pgStore.ts';
export { startLocalCluster, type LocalCluster } from './store/postgres/localCluster.ts';
export { readEnvironment, ConfigError } from './config/environment.ts';
export { DEFAULT_RATE_LIMITS, type RateLimits } from './http/rateLimit.ts';
export { systemClock } from './clock.ts';
/** `npm run site -- console-link` in-process: a one-time link into a site's console. */
export { mintConsoleInvite } from './console/invites.ts';

export interface StartCompanionServerOptions {
  /** 0 = an ephemeral port. Default 8787. */
  port?: number;
  /** The embedded store's data file, when there is no `databaseUrl`. */
  dataFile?: string;
  /** PostgreSQL (DATABASE_URL): several servers may share it. */
  databaseUrl?: string;
  /** Default `http://localhost:<port>`. */
  publicUrl?: string;
  /** Default: the extension's fixed origin. */
  allowedExtensionOrigins?: string[];
  clock?: Clock;
  /** Default DEFAULT_RATE_LIMITS. */
  rateLimits?: RateLimits;
  /** Default DEFAULT_GRANT_LIMITS. */
  grantLimits?: GrantLimits;
  /** Default false (AppConfig.trustProxy). */
  trustProxy?: boolean | number | string;
  /** The address to bind. Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Request lines and errors. Default: silent (tests, embedding). */
  logger?: Logger;
  /** Tests: check every reply against the API description (AppConfig.checkReplies). */
  checkReplies?: boolean;
  /** Owners may register sites from the console (CONSOLE_SELF_SERVICE). Default false. */
  consoleSelfService?: boolean;
  /** Tests: how the console fetches an origin's proof. */
  fetchOriginProof?: (origin: string) => Promise<unknown>;
}

export interface RunningCompanionServer {
  url: string;
  port: number;
  store: Store;
  /** Where the data lives, for the start banner (no password). */
  storage: string;
  /**
   * Stops accepting, lets requests in flight finish for up to `graceMs` (default 0: cut them at
   * once), then flushes and closes the store.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Opens the store (the data file, taking its lock, or the database), then listens (127.0.0.1 unless `host` says otherwise). */
export async function startCompanionServer(options: StartCompanionServerOptions): Promise<RunningCompanionServer> {
  const clock = options.clock ?? systemClock;
  const storage = await openStorage(storageChoice(options), clock);
  const { store } = storage;
  let server: Server | undefined;
  try {
    const keys = await KeyRing.open(store, clock, LOGIN_TOKEN_TTL_S * 1000);
    const logger = options.logger ?? pino({ level: 'silent' });
    const counters = new SiteCounters(store, clock);
    // The port is only known after listening, and the issuer depends on it: listen first,
    // attach the app after (nothing knows the port yet, so no request can arrive before).
    server = await listen(options.port ?? 8787, options.host ?? '127.0.0.1');
    const port = (server.address() as AddressInfo).port;
    const url = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/$/, '');
    const adminToken = randomBytes(32).toString('base64url');
    const app = createApp({
      store,
      clock,
      signer: createTokenSigner(keys, url, clock),
      shared: storage.shared,
      checkStore: () => storage.checkReady(),
      counters,
      logger,
      config: {
        publicUrl: url,
        allowedExtensionOrigins: options.allowedExtensionOrigins ?? [EXTENSION_ORIGIN],
        adminToken,
        ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
        ...(options.grantLimits ? { grantLimits: options.grantLimits } : {}),
        ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
        ...(options.checkReplies ? { checkReplies: true } : {}),
        consoleSelfService: options.consoleSelfService ?? false,
        ...(options.fetchOriginProof ? { fetchOriginProof: options.fetchOriginProof } : {}),
      },
    });
    server.on('request', app);
    await storage.advertise({ adminUrl: `http://127.0.0.1:${port}`, adminToken });
    const running = server;
    return {
      url,
      port,
      store,
      storage: storage.description,
      async close(closeOptions) {
        const graceMs = closeOptions?.graceMs ?? 0;
        const cut = await closeGracefully(running, graceMs);
        if (cut > 0 && graceMs > 0) logger.warn({ cut, graceMs }, 'requests still running after the grace period were cut');
        await counters.close().catch((error: unknown) => logger.error({ err: error }, 'counters not saved'));
        await storage.close();
      },
    };
  } catch (error) {
    server?.close();
    await storage.close();
    throw error;
  }
}

function storageChoice(options: StartCompanionServerOptions): StorageChoice {
  if (options.databaseUrl !== undefined && options.dataFile !== undefined) throw new Error('give a data file or a database URL, not both');
  if (options.databaseUrl !== undefined) return { databaseUrl: options.databaseUrl };
  if (options.dataFile !== undefined) return { dataFile: options.dataFile };
  throw new Error('a data file or a database URL is needed');
}

async function listen(port: number, host: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Registers a partner site in-process; the secret in the reply is shown once. */
export async function registerSite(store: Store, registration: SiteRegistration): Promise<SiteCreatedReply> {
  return createSite(store, systemClock, parseWith(siteRegistrationSchema, registration));
}
