import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loginStartReplySchema, type LoginStartReply } from '@pkc/shared';
import { waitUntil } from './waitUntil.ts';

/** One call of the extension's background to the companion, as the companion saw it. */
export interface RecordedExchange {
  method: string;
  path: string;
  /** The `Origin` the browser put on the request (the server's extension-origin guard reads it). */
  origin: string | undefined;
  requestBody: unknown;
  status: number;
  body: unknown;
}

/**
 * A loopback proxy in front of the companion that records the extension's calls. Firefox
 * offers no CDP session on the extension's background page (the Chromium harness reads
 * CompanionTraffic from the service worker's Network events), so the Firefox harness watches
 * the wire instead: the extension is pointed at this proxy, the proxy forwards unchanged.
 */
export class RecordingProxy {
  readonly exchanges: RecordedExchange[] = [];

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<RecordingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new RecordingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => proxy.forward(target, req, res));
    return proxy;
  }

  mark(): number {
    return this.exchanges.length;
  }

  /** Waits for the next exchange on `path` after `since` exchanges were already seen. */
  async next(path: string, since: number, timeoutMs = 10_000): Promise<RecordedExchange> {
    return waitUntil(() => this.exchanges.slice(since).find((exchange) => exchange.path === path), {
      what: `a companion reply on ${path}`,
      timeoutMs,
    });
  }

  /** The next login decision after `since` exchanges, checked against the reply schema. */
  async loginDecision(since: number): Promise<LoginStartReply> {
    return loginStartReplySchema.parse((await this.next('/v1/ext/login/start', since)).body);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(target: string, req: IncomingMessage, res: ServerResponse): void {
    const requestChunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => requestChunks.push(chunk));
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      const replyChunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => {
        replyChunks.push(chunk);
        res.write(chunk);
      });
      reply.on('end', () => {
        // Recorded before the extension sees the end of the reply: a spec that waits on an
        // exchange never races the extension's reaction to it.
        this.exchanges.push({
          method: req.method ?? 'GET',
          path: new URL(req.url ?? '/', target).pathname,
          origin: req.headers.origin,
          requestBody: parseJson(Buffer.concat(requestChunks).toString('utf8')),
          status: reply.statusCode ?? 0,
          body: parseJson(Buffer.concat(replyChunks).toString('utf8')),
        });
        res.end();
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
