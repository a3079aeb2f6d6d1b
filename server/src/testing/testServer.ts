import { mkdtemp, rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerSite, startCompanionServer, type Clock, type RateLimits, type RunningCompanionServer } from '../index.ts';
import type { GrantLimits } from '../tokens/appendGrants.ts';

export const TEST_EXTENSION_ORIGIN = 'chrome-extension://testextensionidaaaaaaaaaaaaaaaaaa';

export interface TestSite {
  siteId: string;
  secret: string;
  origin: string;
}

export interface Reply {
  status: number;
  json: unknown;
  headers: Headers;
}

export interface CallInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestServer extends RunningCompanionServer {
  /** Where requests go: this server's loopback address (its `url` is the public one, the issuer). */
  baseUrl: string;
  dir: string;
  dataFile: string;
  /** The site's display name defaults to the host. */
  addSite(host: string, name?: string): Promise<TestSite>;
  /** fetch + JSON, POSTs JSON bodies by default. */
  call(path: string, init?: CallInit): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

/** Limits no test reaches unless it means to: feature tests run whole stories from one IP in a second. */
export const UNLIMITED: RateLimits = {
  perIp: { capacity: 1_000_000, windowMs: 60_000 },
  perIdentifier: { capacity: 1_000_000, windowMs: 60_000 },
  perIdentifierAllIps: { capacity: 1_000_000, windowMs: 60_000 },
  maxKeys: 10_000,
};

export interface TestServerOptions {
  rateLimits?: RateLimits;
  clock?: Clock;
  grantLimits?: GrantLimits;
  trustProxy?: string;
  /** PostgreSQL instead of the lowdb file (testing/postgres.ts `freshDatabase`). */
  databaseUrl?: string;
  /** The issuer of its tokens: servers behind one load balancer share it. */
  publicUrl?: string;
  /** Default silent. */
  logger?: Logger;
  /** The console's self-service registration (CONSOLE_SELF_SERVICE); default off. */
  consoleSelfService?: boolean;
  fetchOriginProof?: (origin: string) => Promise<unknown>;
}

/** A real server on 127.0.0.1 (ephemeral port) with a real lowdb file in a temp dir, or on PostgreSQL. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'pkc-server-'));
  const dataFile = join(dir, 'companion.json');
  const server = await startCompanionServer({
    port: 0,
    ...(options.databaseUrl === undefined ? { dataFile } : { databaseUrl: options.databaseUrl }),
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    // Every reply a test provokes is checked against the API description.
    checkReplies: true,
    allowedExtensionOrigins: [TEST_EXTENSION_ORIGIN],
    rateLimits: options.rateLimits ?? UNLIMITED,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.grantLimits ? { grantLimits: options.grantLimits } : {}),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    ...(options.consoleSelfService === undefined ? {} : { consoleSelfService: options.consoleSelfService }),
    ...(options.fetchOriginProof === undefined ? {} : { fetchOriginProof: options.fetchOriginProof }),
  });
  return {
    ...server,
    baseUrl: `http://127.0.0.1:${server.port}`,
    dir,
    dataFile,
    async addSite(host, name = host) {
      const origin = `http://${host}:4000`;
      const created = await registerSite(server.store, { name, origins: [origin], loginCallback: `${origin}/cb` });
      return { ...created, origin };
    },
    async call(path, init) {
      const { status, json } = await callJson(`http://127.0.0.1:${server.port}`, path, init);
      return { status, json };
    },
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function clientSignals(devicePseudonym = 'device-aaaaaaaaaaaaaaaa') {
  return {
    os: 'linux' as const,
    browser: 'chromium',
    mobile: false,
    platformAuthenticator: true,
    capabilities: {},
    devicePseudonym,
  };
}

/** The extension API answers the extension's origin only: requests to it carry it, as the browser sends it. */
export function extensionOriginFor(path: string): Record<string, string> {
  return path.startsWith('/v1/ext/') ? { origin: TEST_EXTENSION_ORIGIN } : {};
}

/** fetch + JSON: a body is sent as JSON (POST unless `method` says otherwise), without one it is a GET. */
export async function callJson(baseUrl: string, path: string, init: CallInit = {}): Promise<Reply> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...extensionOriginFor(path),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return readReply(response);
}

/** A reply's status, headers and body: parsed JSON, or the raw text when it isn't JSON. */
export async function readReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, headers: response.headers };
}
