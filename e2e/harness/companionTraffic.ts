import type { CDPSession, Target } from 'puppeteer-core';
import { waitUntil } from './waitUntil.ts';

export interface CompanionExchange {
  url: string;
  path: string;
  status: number;
  body: unknown;
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
    const pending = new Map<string, { url: string; status: number }>();
    session.on('Network.responseReceived', (event) => {
      if (event.response.url.includes('/v1/ext/')) {
        pending.set(event.requestId, { url: event.response.url, status: event.response.status });
      }
    });
    session.on('Network.loadingFinished', (event) => {
      const response = pending.get(event.requestId);
      if (!response) return;
      pending.delete(event.requestId);
      void traffic.record(event.requestId, response);
    });
    await session.send('Network.enable');
    return traffic;
  }

  private async record(requestId: string, response: { url: string; status: number }): Promise<void> {
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

  mark(): number {
    return this.exchanges.length;
  }
}
