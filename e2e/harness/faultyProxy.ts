import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the companion misbehaves, as the extension sees it (ARCHITECTURE §4, F7). */
export type Fault = 'none' | 'refuse' | 'hang' | 'error-500' | 'rate-limited' | 'garbage';

/**
 * A loopback proxy in front of the real companion server whose behaviour a spec switches
 * at run time: the extension learns the partner list through it, then meets the fault.
 */
export class FaultyProxy {
  fault: Fault = 'none';
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<FaultyProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultyProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => proxy.handle(target, req, res));
    return proxy;
  }

  private handle(target: string, req: IncomingMessage, res: ServerResponse): void {
    switch (this.fault) {
      case 'none':
        forward(target, req, res);
        return;
      case 'refuse':
        req.socket.destroy();
        return;
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      case 'error-500':
        res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
        return;
      case 'rate-limited':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '60' });
        res.end('{"error":{"code":"rate_limited","message":"slow down"}}');
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"decision":"passkey","ceremony":{"opt');
        return;
      default: {
        const unknown: never = this.fault;
        throw new Error(`unknown fault ${String(unknown)}`);
      }
    }
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function forward(target: string, req: IncomingMessage, res: ServerResponse): void {
  const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (reply) => {
    res.writeHead(reply.statusCode ?? 502, reply.headers);
    reply.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}
