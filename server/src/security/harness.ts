import { expect } from 'vitest';
import {
  appendGrantReplySchema,
  appendStartReplySchema,
  loginStartReplySchema,
  type CreationOptions,
  type RequestOptions,
} from '@pkc/shared';
import type { Clock } from '../clock.ts';
import type { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import {
  callJson,
  clientSignals,
  readReply,
  startTestServer,
  UNLIMITED,
  extensionOriginFor,
  type CallInit,
  type Reply,
  type TestServer,
  type TestSite,
  type TestServerOptions,
} from '../testing/testServer.ts';

export { UNLIMITED } from '../testing/testServer.ts';

/*
 * The test server (testing/testServer.ts) with an injected clock, replies with headers, plus
 * the steps of the flows, for the security suite.
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

export type Site = TestSite;

export interface SecurityServer extends Omit<TestServer, 'call'> {
  clock: ManualClock;
  call(path: string, init?: CallInit): Promise<Reply>;
  /** Raw body and content type, for what a JSON helper cannot send. */
  post(path: string, body: string, headers: Record<string, string>): Promise<Reply>;
  mintGrant(site: Site, userId: string, username: string): Promise<string>;
  offer(site: Site, userId: string, username: string, device: string): Promise<{ ceremonyId: string; options: CreationOptions }>;
  register(site: Site, userId: string, username: string, key: SoftAuthenticator, device: string): Promise<string>;
  loginOptions(site: Site, username: string, device: string): Promise<{ ceremonyId: string; options: RequestOptions }>;
}

export async function startSecurityServer(
  options: Omit<TestServerOptions, 'clock'> & { clock?: ManualClock } = {},
): Promise<SecurityServer> {
  const clock = options.clock ?? new ManualClock();
  const server = await startTestServer({ ...options, rateLimits: options.rateLimits ?? UNLIMITED, clock });

  const self: SecurityServer = {
    ...server,
    clock,
    call: (path, init) => callJson(server.baseUrl, path, init),
    async post(path, body, headers) {
      return readReply(
        await fetch(`${server.baseUrl}${path}`, { method: 'POST', body, headers: { ...extensionOriginFor(path), ...headers } }),
      );
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
  };
  return self;
}

/** A device pseudonym per name: the engine decides `passkey` on the device that created it. */
export function device(name: string): string {
  return `device-${name}`.padEnd(20, '0').slice(0, 64);
}
