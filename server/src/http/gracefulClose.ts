import type { Server } from 'node:http';

/** How often connections whose request just finished are closed while draining. */
const DRAIN_TICK_MS = 50;

/**
 * Stops accepting connections and lets the requests in flight finish, for at most `graceMs`;
 * whatever still runs then is cut. Resolves with how many connections were cut. Idle
 * keep-alive connections are closed at once, and each connection as soon as its request is
 * answered, so a client never sends a new request into a closing server.
 */
export async function closeGracefully(server: Server, graceMs: number): Promise<number> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const drain = setInterval(() => server.closeIdleConnections(), DRAIN_TICK_MS);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  try {
    if (!(await Promise.race([closed.then(() => false), timedOut]))) return 0;
    const cut = await new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count)));
    server.closeAllConnections();
    await closed;
    return cut;
  } finally {
    clearInterval(drain);
    clearTimeout(timer);
  }
}
