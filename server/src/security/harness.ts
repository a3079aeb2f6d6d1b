import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  appendGrantReplySchema,
  appendStartReplySchema,
  loginStartReplySchema,
  type CreationOptions,
  type RequestOptions,
} from '@pkc/shared';
import type { Clock } from '../clock.ts';
import type { RateLimits } from '../http/rateLimit.ts';
import { registerSite, startCompanionServer, type RunningCompanionServer } from '../index.ts';
import type { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals, readReply, TEST_EXTENSION_ORIGIN } from '../testing/testServer.ts';

/*
 * A real companion server (ephemeral port, real lowdb file) with an injected clock and
 * configurable rate limits, plus the steps of the flows, for the security suite.
 */

export class ManualClock implements Clock {
  constructor(private ms = Date.now()) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Limits no test reaches unless it means to. */
export const UNLIMITED: RateLimits = {
  perIp: { capacity: 1_000_000, windowMs: 60_000 },
  perIdentifier: { capacity: 1_000_000, windowMs: 60_000 },
  maxKeys: 10_000,
};

export interface Site {
  siteId: string;
  secret: string;
  origin: string;
}

export interface Reply {
  status: number;
  json: unknown;
  headers: Headers;
}

export interface SecurityServer extends RunningCompanionServer {
  dir: string;
  dataFile: string;
  clock: ManualClock;
  addSite(host: string): Promise<Site>;
  call(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Reply>;
  /** Raw body and content type, for what a JSON helper cannot send. */
  post(path: string, body: string, headers: Record<string, string>): Promise<Reply>;
  mintGrant(site: Site, userId: string, username: string): Promise<string>;
  offer(site: Site, userId: string, username: string, device: string): Promise<{ ceremonyId: string; options: CreationOptions }>;
  register(site: Site, userId: string, username: string, key: SoftAuthenticator, device: string): Promise<string>;
  loginOptions(site: Site, username: string, device: string): Promise<{ ceremonyId: string; options: RequestOptions }>;
  stop(): Promise<void>;
}

export async function startSecurityServer(options: { rateLimits?: RateLimits; clock?: ManualClock } = {}): Promise<SecurityServer> {
  const dir = await mkdtemp(join(tmpdir(), 'pkc-security-'));
  const dataFile = join(dir, 'companion.json');
  const clock = options.clock ?? new ManualClock();
  const server = await startCompanionServer({
    port: 0,
    dataFile,
    clock,
    allowedExtensionOrigins: [TEST_EXTENSION_ORIGIN],
    rateLimits: options.rateLimits ?? UNLIMITED,
  });

  const send = async (path: string, init: RequestInit): Promise<Reply> => readReply(await fetch(`${server.url}${path}`, init));

  const self: SecurityServer = {
    ...server,
    dir,
    dataFile,
    clock,
    async addSite(host) {
      const origin = `http://${host}:4000`;
      const created = await registerSite(server.store, { name: host, origins: [origin], loginCallback: `${origin}/cb` });
      return { ...created, origin };
    },
    call(path, init = {}) {
      const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
      return send(path, {
        method,
        headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    },
    post(path, body, headers) {
      return send(path, { method: 'POST', body, headers });
    },
    async mintGrant(site, userId, username) {
      const { status, json } = await self.call(`/v1/sites/${site.siteId}/append-grants`, {
        body: { userId, username },
        headers: { authorization: `Bearer ${site.secret}` },
      });
      expect(status).toBe(201);
      return appendGrantReplySchema.parse(json).grant;
    },
    async offer(site, userId, username, device) {
      const grant = await self.mintGrant(site, userId, username);
      const { status, json } = await self.call('/v1/ext/append/start', {
        body: { siteId: site.siteId, origin: site.origin, grant, client: clientSignals(device) },
      });
      expect(status).toBe(200);
      const reply = appendStartReplySchema.parse(json);
      if (reply.decision !== 'offer') throw new Error(`expected an append offer, got ${reply.reason.code}`);
      return reply.ceremony;
    },
    async register(site, userId, username, key, device) {
      const ceremony = await self.offer(site, userId, username, device);
      const response = key.create(ceremony.options, site.origin);
      const reply = await self.call('/v1/ext/append/finish', {
        body: { ceremonyId: ceremony.ceremonyId, origin: site.origin, response },
      });
      expect(reply.status).toBe(200);
      return response.id;
    },
    async loginOptions(site, username, device) {
      const { status, json } = await self.call('/v1/ext/login/start', {
        body: { siteId: site.siteId, origin: site.origin, username, client: clientSignals(device) },
      });
      expect(status).toBe(200);
      const reply = loginStartReplySchema.parse(json);
      if (reply.decision === 'password') throw new Error(`expected a passkey decision, got ${reply.reason.code}`);
      return reply.ceremony;
    },
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** A device pseudonym per name: the engine decides `passkey` on the device that created it. */
export function device(name: string): string {
  return `device-${name}`.padEnd(20, '0').slice(0, 64);
}
