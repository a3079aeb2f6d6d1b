import type { CDPSession, Target } from 'puppeteer-core';
import { appendStartReplySchema, loginStartReplySchema, type AppendStartReply, type LoginStartReply } from '@pkc/shared';
import { waitUntil } from './waitUntil.ts';

export interface CompanionExchange {
  url: string;
  path: string;
  /** The JSON the extension sent, when it sent a body. */
  requestBody: unknown;
  /** 0 when the request failed without a response (refused, aborted by the extension's budget). */
  status: number;
  body: unknown;
  /** Wall time from the request leaving the extension to its response or failure. */
  elapsedMs: number;
  failure?: string;
}

/**
 * Records what the extension's background receives from the companion server, via CDP
 * Network events on the service worker. Lets a spec wait on "the server decided X" instead
 * of waiting for something not to appear.
 */
export class CompanionTraffic {
  readonly exchanges: CompanionExchange[] = [];

  private constructor(private readonly session: CDPSession) {}

  static async watch(serviceWorker: Target): Promise<CompanionTraffic> {
    const session = await serviceWorker.createCDPSession();
    const traffic = new CompanionTraffic(session);
    const started = new Map<string, { url: string; at: number; requestBody: unknown }>();
    const responded = new Map<string, number>();
    session.on('Network.requestWillBeSent', (event) => {
      if (event.request.url.includes('/v1/ext/')) {
        started.set(event.requestId, { url: event.request.url, at: Date.now(), requestBody: parseJson(event.request.postData) });
      }
    });
    session.on('Network.responseReceived', (event) => {
      if (started.has(event.requestId)) responded.set(event.requestId, event.response.status);
    });
    // An exchange takes its place in `exchanges` when it ends, in the order they end; the
    // response body is filled in after (one more CDP call), and `next` waits for it.
    const settle = (requestId: string, failure?: string): CompanionExchange | undefined => {
      const request = started.get(requestId);
      if (!request) return undefined;
      started.delete(requestId);
      const status = failure === undefined ? (responded.get(requestId) ?? 0) : 0;
      responded.delete(requestId);
      const exchange: CompanionExchange = {
        url: request.url,
        path: new URL(request.url).pathname,
        requestBody: request.requestBody,
        status,
        body: undefined,
        elapsedMs: Date.now() - request.at,
        ...(failure === undefined ? {} : { failure }),
      };
      traffic.exchanges.push(exchange);
      return exchange;
    };
    session.on('Network.loadingFinished', (event) => {
      const exchange = settle(event.requestId);
      if (exchange) {
        traffic.pendingBodies.add(exchange);
        void traffic.readBody(event.requestId, exchange);
      }
    });
    session.on('Network.loadingFailed', (event) => {
      settle(event.requestId, event.errorText);
    });
    await session.send('Network.enable');
    return traffic;
  }

  private readonly pendingBodies = new Set<CompanionExchange>();

  private async readBody(requestId: string, exchange: CompanionExchange): Promise<void> {
    try {
      const { body: text } = await this.session.send('Network.getResponseBody', { requestId });
      exchange.body = JSON.parse(text);
    } catch {
      exchange.body = undefined;
    } finally {
      this.pendingBodies.delete(exchange);
    }
  }

  /** Waits for the next exchange on `path` after `since` exchanges were already seen. */
  async next(path: string, since: number, timeoutMs = 10_000): Promise<CompanionExchange> {
    return waitUntil(
      () => {
        const exchange = this.exchanges.slice(since).find((candidate) => candidate.path === path);
        return exchange === undefined || this.pendingBodies.has(exchange) ? undefined : exchange;
      },
      {
        what: `a companion reply on ${path}`,
        timeoutMs,
      },
    );
  }

  /** The `n`-th (from 0) exchange on `path` after `since`: e.g. the second decision a flow asked for. */
  async nth(path: string, since: number, n: number, timeoutMs = 10_000): Promise<CompanionExchange> {
    return waitUntil(
      () => {
        const exchange = this.exchanges.slice(since).filter((candidate) => candidate.path === path)[n];
        return exchange === undefined || this.pendingBodies.has(exchange) ? undefined : exchange;
      },
      { what: `companion reply ${n + 1} on ${path}`, timeoutMs },
    );
  }

  /** The next login decision after `since` exchanges, checked against the reply schema. */
  async loginDecision(since: number): Promise<LoginStartReply> {
    return loginStartReplySchema.parse((await this.next('/v1/ext/login/start', since)).body);
  }

  /**
   * The decision a flow acted on when no passkey is on this device: where the companion first
   * asked for an immediate check (issue 14), the answer it gave once the check found none.
   */
  async settledLoginDecision(since: number): Promise<LoginStartReply> {
    const first = await this.loginDecision(since);
    if (first.decision !== 'passkey' || first.mediation !== 'immediate') return first;
    return loginStartReplySchema.parse((await this.nth('/v1/ext/login/start', since, 1)).body);
  }

  /** The next append decision (offer or skip) after `since` exchanges. */
  async appendDecision(since: number): Promise<AppendStartReply> {
    return appendStartReplySchema.parse((await this.next('/v1/ext/append/start', since)).body);
  }

  mark(): number {
    return this.exchanges.length;
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
