import type { Clock } from '../../clock.ts';
import type { RateBuckets, SharedState, SingleUseEntries } from '../../sharedState/SharedState.ts';
import type { Database } from './database.ts';

/** How often a server sweeps expired entries and refilled buckets (any server may; twice is harmless). */
const SWEEP_MS = 30_000;

/**
 * Ceremonies, append grants and rate-limit buckets in PostgreSQL, so every server behind a
 * load balancer sees the same ones. Each operation is one statement: a take is a DELETE …
 * RETURNING (one server gets the row), a bucket is updated under its row lock by an upsert.
 *
 * Per-scope bounds (`maxPerScope`) are not enforced here: counting a scope on every put would
 * cost more than it saves. What bounds a site's grants is its mint rate limit × the grant TTL
 * (appendGrants.ts), enforced across servers like every rate limit.
 */
export function pgSharedState(database: Database, clock: Clock): SharedState {
  let lastSweep = clock.now();
  const sweepNowAndThen = async () => {
    const now = clock.now();
    if (now - lastSweep < SWEEP_MS) return;
    lastSweep = now;
    await database.query('DELETE FROM single_use WHERE expires_at <= $1', [now]);
    await database.query('DELETE FROM rate_buckets WHERE full_at <= $1', [now]);
  };
  return {
    singleUse: <T>(kind: string, ttlMs: number) => singleUseEntries<T>(database, clock, kind, ttlMs, sweepNowAndThen),
    rateBuckets(name, limit) {
      const buckets: RateBuckets = { name, limit, take: (key) => takeInOrder(database, clock, [[buckets, key]]) };
      return buckets;
    },
    takeInOrder: (takes) => takeInOrder(database, clock, takes),
  };
}

function singleUseEntries<T>(
  database: Database,
  clock: Clock,
  kind: string,
  ttlMs: number,
  sweep: () => Promise<void>,
): SingleUseEntries<T> {
  return {
    async put(key, value, scope) {
      await sweep();
      const expiresAt = clock.now() + ttlMs;
      await database.query(
        'INSERT INTO single_use (kind, key, scope, value, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [kind, key, scope, JSON.stringify(value), expiresAt],
        'pkc-single-use-put',
      );
      return expiresAt;
    },
    async take(key) {
      const { rows } = await database.query<{ value: T; expires_at: string }>(
        'DELETE FROM single_use WHERE kind = $1 AND key = $2 RETURNING value, expires_at',
        [kind, key],
        'pkc-single-use-take',
      );
      const row = rows[0];
      return row !== undefined && Number(row.expires_at) > clock.now() ? row.value : undefined;
    },
  };
}

/**
 * Takes tokens with the database function `take_rate_tokens` (migration 1733300000000): the
 * buckets of one request in one round trip, each under its row's lock.
 */
async function takeInOrder(database: Database, clock: Clock, takes: ReadonlyArray<readonly [RateBuckets, string]>): Promise<number> {
  if (takes.length === 0) return 0;
  const { rows } = await database.query<{ wait: number }>(
    'SELECT take_rate_tokens($1::text[], $2::float8[], $3::float8[], $4::bigint) AS wait',
    [
      takes.map(([buckets, key]) => `${buckets.name}\n${key}`),
      takes.map(([buckets]) => buckets.limit.capacity),
      takes.map(([buckets]) => buckets.limit.capacity / buckets.limit.windowMs),
      clock.now(),
    ],
    'pkc-take-rate-tokens',
  );
  return Math.max(0, Math.ceil(Number(rows[0]?.wait ?? 0)));
}
