import type { Clock } from './clock.ts';

/**
 * A map whose entries expire, with single-use `take`. Used for ceremonies and append
 * grants, which deliberately live in memory only: they are valid for minutes, and a
 * restart simply makes users retry (no persistent state to clean up or to leak).
 */
export class ExpiringMap<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  /** One TTL for every entry: insertion order is then expiry order, so pruning stops early. */
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** Returns the expiry (ms). Prunes expired entries so the map stays bounded. */
  set(key: string, value: T): number {
    this.prune();
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const expiresAt = this.clock.now() + this.ttlMs;
    this.entries.set(key, { value, expiresAt });
    return expiresAt;
  }

  /** Removes the entry whatever happens next (single use); undefined when absent or expired. */
  take(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    return entry.expiresAt > this.clock.now() ? entry.value : undefined;
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
