import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startCompanionServer } from '../src/index.ts';
import { BENCH_EXTENSION_ORIGIN } from './dataset.ts';
import { listenPeer } from './peerServer.ts';

/*
 * Entry point only (importing it starts a server). A server under test, run as a child of the benchmark (pinned to its own core): the
 * companion on a data file or on PostgreSQL (servers sharing a database share a public URL), or the minimal peer. Talks to the benchmark over the IPC channel:
 * "ready" with its startup figures, then stats on request, and stops when told.
 */

export type ToServer = { type: 'reset-stall' } | { type: 'stats' } | { type: 'stop' };
export type FromServer =
  | { type: 'ready'; url: string; startupMs: number; storeOpenMs: number; rssMb: number; rssPeakMb: number }
  | { type: 'stats'; maxStallMs: number; rssMb: number; rssPeakMb: number };

const send = (message: FromServer) => process.send?.(message);
const mb = (bytes: number) => bytes / 1_048_576;

/** The kernel's high-water mark of this process's resident memory. */
function rssPeakMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

const [kind, dataAt, publicUrl] = process.argv.slice(2);
// The limiter runs (its cost is part of a login); its limits are out of reach of a load test.
const rateLimits = {
  perIp: { capacity: 1e9, windowMs: 60_000 },
  perIdentifier: { capacity: 1e9, windowMs: 60_000 },
  perIdentifierAllIps: { capacity: 1e9, windowMs: 60_000 },
  maxKeys: 10_000,
};
const stall = monitorEventLoopDelay({ resolution: 2 });
stall.enable();

let stop: () => Promise<void>;
let url: string;
const openStarted = performance.now();
if ((kind === 'companion' || kind === 'companion-pg') && dataAt) {
  const storage = kind === 'companion' ? { dataFile: dataAt } : { databaseUrl: dataAt, ...(publicUrl ? { publicUrl } : {}) };
  const server = await startCompanionServer({ port: 0, ...storage, allowedExtensionOrigins: [BENCH_EXTENSION_ORIGIN], rateLimits });
  url = `http://127.0.0.1:${server.port}`;
  stop = () => server.close();
} else if (kind === 'peer') {
  const peer = await listenPeer();
  url = peer.url;
  stop = () => new Promise((resolve) => peer.server.close(() => resolve()));
} else {
  throw new Error('usage: benchServer.ts companion DATA_FILE | companion-pg DATABASE_URL [PUBLIC_URL] | peer');
}
const storeOpenMs = performance.now() - openStarted;
// performance.now() counts from the process's start: node, the TypeScript loader, the store.
send({ type: 'ready', url, startupMs: performance.now(), storeOpenMs, rssMb: mb(process.memoryUsage().rss), rssPeakMb: rssPeakMb() });

process.on('message', (message: ToServer) => {
  switch (message.type) {
    case 'reset-stall':
      stall.reset();
      break;
    case 'stats':
      send({ type: 'stats', maxStallMs: stall.max / 1e6, rssMb: mb(process.memoryUsage().rss), rssPeakMb: rssPeakMb() });
      break;
    case 'stop':
      void stop().then(() => process.exit(0));
      break;
    default: {
      const unknown: never = message;
      throw new Error(`unknown message ${JSON.stringify(unknown)}`);
    }
  }
});
