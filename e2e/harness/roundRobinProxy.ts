import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer in front of several companion servers, as a deployment would have: each
 * request goes to the next backend in turn. A backend that refuses connections (its process
 * is gone) is skipped and the request goes to the next one: nothing reached the dead server,
 * so sending it elsewhere is safe. A backend that dies while answering costs that request a
 * 502, as with a real load balancer (a POST that may have been processed is never resent).
 */
export class RoundRobinProxy {
  /** Requests each backend answered, by its URL. */
  readonly answered = new Map<string, number>();
  private next = 0;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
    private backends: string[],
  ) {}

  /** Listens first (the servers behind it need its URL as their public URL); backends come with `use`. */
  static async start(hostname = '127.0.0.1'): Promise<RoundRobinProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new RoundRobinProxy(server, `http://${hostname}:${(server.address() as AddressInfo).port}`, []);
    server.on('request', (req, res) => void proxy.handle(req, res));
    return proxy;
  }

  use(backends: string[]): void {
    this.backends = backends;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const start = this.next++;
    for (let tried = 0; tried < this.backends.length; tried += 1) {
      const backend = this.backends[(start + tried) % this.backends.length] as string;
      const outcome = await forward(backend, req, body, res);
      if (outcome === 'answered') {
        this.answered.set(backend, (this.answered.get(backend) ?? 0) + 1);
        return;
      }
      if (outcome === 'failed') break;
    }
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('bad gateway');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** 'refused': never connected, try another; 'failed': broke after sending; 'answered'. */
function forward(backend: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<'answered' | 'refused' | 'failed'> {
  return new Promise((resolve) => {
    const target = new URL(req.url ?? '/', backend);
    const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent: false }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
      reply.once('end', () => resolve('answered'));
      reply.once('error', () => {
        res.destroy();
        resolve('failed');
      });
    });
    upstream.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'failed'));
    upstream.end(body);
  });
}
