import type { Clock } from '../clock.ts';

/** `capacity` requests at once, refilled evenly over `windowMs` (e.g. 60 per minute). */
export interface RateLimit {
  capacity: number;
  windowMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * In-memory token buckets on the injected clock, one per key, with bounded memory: the map
 * is kept in least-recently-used order, buckets that have refilled are dropped (a full
 * bucket and no bucket are the same), and past `maxKeys` the least recently used goes.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly limit: RateLimit,
    private readonly maxKeys = 10_000,
  ) {
    this.perMs = limit.capacity / limit.windowMs;
  }

  /** Takes a token: 0 when allowed, else the milliseconds until one is back. */
  take(key: string): number {
    const now = this.clock.now();
    const tokens = this.tokensAt(this.buckets.get(key), now);
    this.buckets.delete(key);
    const allowed = tokens >= 1;
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    this.evict(now);
    return allowed ? 0 : Math.ceil((1 - tokens) / this.perMs);
  }

  get size(): number {
    return this.buckets.size;
  }

  private tokensAt(bucket: Bucket | undefined, now: number): number {
    if (!bucket) return this.limit.capacity;
    return Math.min(this.limit.capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.buckets.size > this.maxKeys || this.tokensAt(bucket, now) >= this.limit.capacity) {
        this.buckets.delete(key);
      } else {
        // LRU order: the rest were used more recently.
        break;
      }
    }
  }
}
