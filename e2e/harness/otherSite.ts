import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtherSite {
  origin: string;
  close(): Promise<void>;
}

/** A site that is no partner's, on loopback under its own `*.localhost` name, serving one page. */
export async function serveOtherSite(hostname: string, html: () => string): Promise<OtherSite> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://${hostname}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Chromium keeps connections alive; close() alone would wait for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
