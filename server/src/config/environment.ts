import { resolve } from 'node:path';
import { z } from 'zod';
import { EXTENSION_ID } from '@pkc/shared';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../http/rateLimit.ts';
import type { StorageChoice } from '../storage.ts';
import { redactedUrl } from '../store/postgres/database.ts';

/** A setting that can't be used; the message names the variable and says what it needs. */
export class ConfigError extends Error {}

const perMinute = z.coerce.number().int().min(1);

/*
 * Every setting the server reads from the environment, in one schema, read once: `npm start`,
 * `npm run server`, `npm run site` and `npm run store` all see the same settings.
 */
const environmentSchema = z.object({
  /** Loopback by default: a server is only reachable from elsewhere when its operator says so. */
  HOST: z
    .union([z.ipv4(), z.ipv6(), z.literal('localhost')], { error: 'must be an IP address to bind (0.0.0.0 for all) or localhost' })
    .default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long a stop waits for requests in flight. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_FILE: z.string().min(1).default('data/companion.json'),
  DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  EXTENSION_IDS: z
    .string()
    .default(EXTENSION_ID)
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    )
    .pipe(z.array(z.string().regex(/^[a-p]{32}$/, 'each id must be 32 letters a–p (a Chromium extension id)')).min(1)),
  /**
   * More extension origins, whole: Firefox's `moz-extension://<uuid>` (the UUID is per install
   * unless the browser pins it, e.g. with the `extensions.webextensions.uuids` policy).
   */
  EXTENSION_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
            'each must be chrome-extension://<32 letters a–p> or moz-extension://<uuid>',
          ),
      ),
    )
    .default([]),
  RATE_LIMIT_PER_IP: perMinute.default(DEFAULT_RATE_LIMITS.perIp.capacity),
  RATE_LIMIT_PER_USERNAME: perMinute.default(DEFAULT_RATE_LIMITS.perIdentifier.capacity),
  RATE_LIMIT_PER_USERNAME_ALL_IPS: perMinute.default(DEFAULT_RATE_LIMITS.perIdentifierAllIps.capacity),
  TRUST_PROXY: z.string().optional(),
  /** Site owners may register sites from the console themselves (inactive until their origins are verified). */
  CONSOLE_SELF_SERVICE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
});

export interface CompanionEnvironment {
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  shutdownGraceMs: number;
  publicUrl?: string;
  storage: StorageChoice;
  allowedExtensionOrigins: string[];
  rateLimits: RateLimits;
  trustProxy: boolean | number | string;
  consoleSelfService: boolean;
}

/** `env` read by `schema`; a ConfigError naming each bad variable. An empty variable counts as unset (`PORT= npm start`). */
function parseSettings<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(given);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues
      .map((issue) => `${issue.path[0] === undefined ? 'environment' : String(issue.path[0])}: ${issue.message}`)
      .join('\n'),
  );
}

export function readEnvironment(env: Record<string, string | undefined> = process.env): CompanionEnvironment {
  const settings = parseSettings(environmentSchema, env);
  const minute = (capacity: number) => ({ capacity, windowMs: 60_000 });
  return {
    host: settings.HOST,
    port: settings.PORT,
    logLevel: settings.LOG_LEVEL,
    shutdownGraceMs: settings.SHUTDOWN_GRACE_MS,
    ...(settings.PUBLIC_URL === undefined ? {} : { publicUrl: settings.PUBLIC_URL }),
    storage: storageOf(settings),
    allowedExtensionOrigins: [
      ...new Set([...settings.EXTENSION_IDS.map((id) => `chrome-extension://${id}`), ...settings.EXTENSION_ORIGINS]),
    ],
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      perIp: minute(settings.RATE_LIMIT_PER_IP),
      perIdentifier: minute(settings.RATE_LIMIT_PER_USERNAME),
      perIdentifierAllIps: minute(settings.RATE_LIMIT_PER_USERNAME_ALL_IPS),
    },
    trustProxy: trustProxy(settings.TRUST_PROXY),
    consoleSelfService: settings.CONSOLE_SELF_SERVICE === 'true',
  };
}

/** DATABASE_URL when set (PostgreSQL), else the embedded store's DATA_FILE. */
export function storageOf(settings: { DATABASE_URL?: string | undefined; DATA_FILE: string }): StorageChoice {
  return settings.DATABASE_URL === undefined ? { dataFile: resolve(settings.DATA_FILE) } : { databaseUrl: settings.DATABASE_URL };
}

/** Where the server is reached (the console links `npm run site` prints): PUBLIC_URL, else http://localhost:PORT. */
export function readPublicUrl(env: Record<string, string | undefined> = process.env): string {
  const settings = parseSettings(environmentSchema.pick({ PUBLIC_URL: true, PORT: true }), env);
  return (settings.PUBLIC_URL ?? `http://localhost:${settings.PORT}`).replace(/\/$/, '');
}

/** Only the storage settings (the CLIs need no more). */
export function readStorageChoice(env: Record<string, string | undefined> = process.env): StorageChoice {
  return storageOf(parseSettings(environmentSchema.pick({ DATA_FILE: true, DATABASE_URL: true }), env));
}

/**
 * TRUST_PROXY: unset or "false" trusts no proxy; "true" any; a number the hops in front; else
 * express's list form ("loopback", "10.0.0.0/8, 127.0.0.1").
 */
function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** The settings as a server prints them at start: the database password masked. */
export function describeEnvironment(environment: CompanionEnvironment): Record<string, unknown> {
  return {
    ...environment,
    storage: 'databaseUrl' in environment.storage ? { databaseUrl: redactedUrl(environment.storage.databaseUrl) } : environment.storage,
  };
}
