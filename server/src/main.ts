import { resolve } from 'node:path';
import { EXTENSION_ID } from '@pkc/shared';
import { DEFAULT_RATE_LIMITS, startCompanionServer } from './index.ts';

/** The only place that reads the environment. */
const port = Number(process.env['PORT'] ?? 8787);
const dataFile = resolve(process.env['DATA_FILE'] ?? 'data/companion.json');
const extensionIds = (process.env['EXTENSION_IDS'] ?? EXTENSION_ID)
  .split(',')
  .map((id) => id.trim())
  .filter((id) => id.length > 0);

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, got ${process.env['PORT']}`);
  process.exit(2);
}

/** Requests per minute from env, or the default; a bad value stops the start (exit 2). */
function perMinute(name: string, fallback: number): { capacity: number; windowMs: number } {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a positive whole number of requests per minute, got ${raw}`);
    process.exit(2);
  }
  return { capacity: value, windowMs: 60_000 };
}
const rateLimits = {
  ...DEFAULT_RATE_LIMITS,
  perIp: perMinute('RATE_LIMIT_PER_IP', DEFAULT_RATE_LIMITS.perIp.capacity),
  perIdentifier: perMinute('RATE_LIMIT_PER_USERNAME', DEFAULT_RATE_LIMITS.perIdentifier.capacity),
  perIdentifierAllIps: perMinute('RATE_LIMIT_PER_USERNAME_ALL_IPS', DEFAULT_RATE_LIMITS.perIdentifierAllIps.capacity),
};

/**
 * TRUST_PROXY: unset or "false" trusts no proxy; "true" any; a number the hops in front; else
 * express's list form ("loopback", "10.0.0.0/8, 127.0.0.1").
 */
function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

startCompanionServer({
  port,
  dataFile,
  // Without PUBLIC_URL: http://localhost:<the port actually bound> (PORT=0 picks one).
  ...(process.env['PUBLIC_URL'] ? { publicUrl: process.env['PUBLIC_URL'] } : {}),
  allowedExtensionOrigins: extensionIds.map((id) => `chrome-extension://${id}`),
  rateLimits,
  trustProxy: trustProxy(process.env['TRUST_PROXY']),
})
  .then((server) => {
    console.log(`Companion server on ${server.url} (data: ${dataFile})`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
