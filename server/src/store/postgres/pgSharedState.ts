import type { Clock } from '../../clock.ts';
import type { RateLimit } from '../../http/tokenBuckets.ts';
import type { RateBuckets, SharedState, SingleUseEntries } from '../../sharedState/SharedState.ts';
import type { Database } from './database.ts';
import { prepared } from './pgStore.ts';

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
    rateBuckets: (name, limit) => rateBuckets(database, clock, name, limit),
  };
}

function singleUseEntries<T>(database: Database, clock: Clock, kind: string, ttlMs: number, sweep: () => Promise<void>): SingleUseEntries<T> {
  return {
    async put(key, value, scope) {
      await sweep();
      const expiresAt = clock.now() + ttlMs;
      await prepared(database, 'pkc-single-use-put', 'INSERT INTO single_use (kind, key, scope, value, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        kind,
        key,
        scope,
        JSON.stringify(value),
        expiresAt,
      ]);
      return expiresAt;
    },
    async take(key) {
      const { rows } = await prepared<{ value: T; expires_at: string }>(
        database,
        'pkc-single-use-take',
        'DELETE FROM single_use WHERE kind = $1 AND key = $2 RETURNING value, expires_at',
        [kind, key],
      );
      const row = rows[0];
      return row !== undefined && Number(row.expires_at) > clock.now() ? row.value : undefined;
    },
  };
}

/**
 * The token bucket of tokenBuckets.ts as one upsert: the refill, the check and the take happen
 * under the row's lock, so two servers can't both spend the last token.
 */
function rateBuckets(database: Database, clock: Clock, name: string, limit: RateLimit): RateBuckets {
  const perMs = limit.capacity / limit.windowMs;
  return {
    async take(key) {
      const now = clock.now();
      const { rows } = await prepared<{ allowed: boolean; tokens: number }>(
        database,
        'pkc-rate-take',
        `WITH params AS (SELECT $2::float8 AS capacity, $3::bigint AS now, $4::float8 AS per_ms)
         INSERT INTO rate_buckets AS b (key, tokens, at, allowed, full_at)
         SELECT $1, capacity - 1, now, true, now + ceil(1 / per_ms)::bigint FROM params
         ON CONFLICT (key) DO UPDATE SET
           tokens = (SELECT LEAST(capacity, b.tokens + GREATEST(0, now - b.at) * per_ms) - CASE WHEN LEAST(capacity, b.tokens + GREATEST(0, now - b.at) * per_ms) >= 1 THEN 1 ELSE 0 END FROM params),
           allowed = (SELECT LEAST(capacity, b.tokens + GREATEST(0, now - b.at) * per_ms) >= 1 FROM params),
           at = EXCLUDED.at,
           full_at = (SELECT now + ceil((capacity - LEAST(capacity, b.tokens + GREATEST(0, now - b.at) * per_ms) + 1) / per_ms)::bigint FROM params)
         RETURNING allowed, tokens`,
        [`${name}\n${key}`, limit.capacity, now, perMs],
      );
      const row = rows[0];
      if (!row || row.allowed) return 0;
      return Math.ceil((1 - row.tokens) / perMs);
    },
  };
}
