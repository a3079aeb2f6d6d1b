import type { RateLimit } from '../http/tokenBuckets.ts';

/**
 * Short-lived entries taken at most once: ceremonies and append grants. With several servers
 * on one database, an entry put on one is taken on another, and of two servers taking the
 * same key at once exactly one gets it.
 */
export interface SingleUseEntries<T> {
  /** Keeps `value` under `key` for the kind's TTL; returns its expiry (ms since the epoch). */
  put(key: string, value: T, scope: string): Promise<number>;
  /** The entry, removed whatever the caller does next; undefined when unknown, used or expired. */
  take(key: string): Promise<T | undefined>;
}

/** Token buckets (tokenBuckets.ts) keyed by client IP or site + username. */
export interface RateBuckets {
  readonly name: string;
  readonly limit: RateLimit;
  /** Takes a token: 0 when allowed, else the milliseconds until one is back. */
  take(key: string): Promise<number>;
}

/**
 * What every server of one deployment must see alike while ceremonies run, beside the Store:
 * one process keeps it in memory (memorySharedState.ts); servers sharing a PostgreSQL
 * database keep it there (postgres/pgSharedState.ts).
 */
export interface SharedState {
  /**
   * `kind` names the entries (one namespace each); `maxPerScope` bounds how many one scope
   * (a site) may hold at once, its oldest going first, so one partner can't push out
   * another's.
   */
  singleUse<T>(kind: string, ttlMs: number, maxPerScope: number): SingleUseEntries<T>;
  /** `name` keeps limiters apart; `maxKeys` bounds the keys remembered in memory. */
  rateBuckets(name: string, limit: RateLimit, maxKeys: number): RateBuckets;
  /**
   * Takes a token from each (bucket, key) in order and stops at the first without one (a
   * refused request spends nothing in the buckets after it): 0 when all allowed, else the
   * milliseconds until the refusing bucket has one. In one step on PostgreSQL.
   */
  takeInOrder(takes: ReadonlyArray<readonly [RateBuckets, string]>): Promise<number>;
}
