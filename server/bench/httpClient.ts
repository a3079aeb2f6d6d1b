import { Agent, request } from 'node:http';

/**
 * JSON over keep-alive HTTP/1.1 with node:http: the same client drives every server the
 * benchmark compares, so its own cost is the same for each (fetch costs several times more
 * CPU per request and would cap the fast servers first). Given several servers, each request
 * goes to the next one in turn (round robin, like a load balancer without affinity: a login's
 * start and finish may land on different servers).
 */
export class JsonClient {
  private readonly agent: Agent;
  private readonly baseUrls: readonly string[];
  private turn = 0;

  constructor(
    baseUrl: string | readonly string[],
    concurrency: number,
    private readonly headers: Record<string, string> = {},
  ) {
    this.baseUrls = typeof baseUrl === 'string' ? [baseUrl] : baseUrl;
    if (this.baseUrls.length === 0) throw new Error('no server to talk to');
    // maxSockets counts per host:port, so each server gets `concurrency` sockets.
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  }

  post(path: string, body: unknown, retried = false): Promise<{ status: number; json: unknown }> {
    const baseUrl = this.baseUrls[this.turn++ % this.baseUrls.length] as string;
    return this.postTo(baseUrl, path, body, retried);
  }

  private postTo(baseUrl: string, path: string, body: unknown, retried: boolean): Promise<{ status: number; json: unknown }> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${baseUrl}${path}`,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...this.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            try {
              resolve({ status: res.statusCode ?? 0, json: text === '' ? undefined : JSON.parse(text) });
            } catch (error) {
              reject(new Error(`${path}: ${res.statusCode} ${text.slice(0, 200)}`, { cause: error }));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed for idling just as it was picked: the request
        // never reached the server, so it is sent again, once (Node's documented pattern).
        if (!retried && req.reusedSocket && error.code === 'ECONNRESET') resolve(this.postTo(baseUrl, path, body, true));
        else reject(error);
      });
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The JSON of a reply that must be 2xx, for the benchmark's own setup and loops. */
export async function expectOk(reply: Promise<{ status: number; json: unknown }>, what: string): Promise<unknown> {
  const { status, json } = await reply;
  if (status < 200 || status >= 300) throw new Error(`${what}: HTTP ${status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}
