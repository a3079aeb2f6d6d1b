import type { CDPSession, Target } from 'puppeteer-core';
import { appendStartReplySchema, loginStartReplySchema, type AppendStartReply, type LoginStartReply } from '@pkc/shared';
import { waitUntil } from './waitUntil.ts';

export interface CompanionExchange {
  url: string;
  path: string;
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
    const started = new Map<string, { url: string; at: number }>();
    const responded = new Map<string, number>();
    session.on('Network.requestWillBeSent', (event) => {
      if (event.request.url.includes('/v1/ext/')) started.set(event.requestId, { url: event.request.url, at: Date.now() });
    });
    session.on('Network.responseReceived', (event) => {
      if (started.has(event.requestId)) responded.set(event.requestId, event.response.status);
    });
    session.on('Network.loadingFinished', (event) => {
      const request = started.get(event.requestId);
      if (!request) return;
      started.delete(event.requestId);
      const status = responded.get(event.requestId) ?? 0;
      responded.delete(event.requestId);
      void traffic.record(event.requestId, { url: request.url, status, elapsedMs: Date.now() - request.at });
    });
    session.on('Network.loadingFailed', (event) => {
      const request = started.get(event.requestId);
      if (!request) return;
      started.delete(event.requestId);
      responded.delete(event.requestId);
      traffic.exchanges.push({
        url: request.url,
        path: new URL(request.url).pathname,
        status: 0,
        body: undefined,
        elapsedMs: Date.now() - request.at,
        failure: event.errorText,
      });
    });
    await session.send('Network.enable');
    return traffic;
  }

  private async record(requestId: string, response: { url: string; status: number; elapsedMs: number }): Promise<void> {
    let body: unknown;
    try {
      const { body: text } = await this.session.send('Network.getResponseBody', { requestId });
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    this.exchanges.push({ ...response, path: new URL(response.url).pathname, body });
  }

  /** Waits for the next exchange on `path` after `since` exchanges were already seen. */
  async next(path: string, since: number, timeoutMs = 10_000): Promise<CompanionExchange> {
    return waitUntil(() => this.exchanges.slice(since).find((exchange) => exchange.path === path), {
      what: `a companion reply on ${path}`,
      timeoutMs,
    });
  }

  /** The next login decision after `since` exchanges, checked against the reply schema. */
  async loginDecision(since: number): Promise<LoginStartReply> {
    return loginStartReplySchema.parse((await this.next('/v1/ext/login/start', since)).body);
  }

  /** The next append decision (offer or skip) after `since` exchanges. */
  async appendDecision(since: number): Promise<AppendStartReply> {
    return appendStartReplySchema.parse((await this.next('/v1/ext/append/start', since)).body);
  }

  mark(): number {
    return this.exchanges.length;
  }
}
