import type { Clock } from '../clock.ts';
import { ExpiringMap } from '../expiringMap.ts';
import { TokenBuckets } from '../http/tokenBuckets.ts';
import type { SharedState, SingleUseEntries } from './SharedState.ts';

/** One server's shared state: the embedded store's deployments have exactly one server. */
export function memorySharedState(clock: Clock): SharedState {
  return {
    singleUse: <T>(_kind: string, ttlMs: number, maxPerScope: number) => new ScopedEntries<T>(clock, ttlMs, maxPerScope),
    rateBuckets(name, limit, maxKeys) {
      const buckets = new TokenBuckets(clock, limit, maxKeys);
      return { name, limit, take: async (key) => buckets.take(key) };
    },
    async takeInOrder(takes) {
      for (const [buckets, key] of takes) {
        const waitMs = await buckets.take(key);
        if (waitMs !== 0) return waitMs;
      }
      return 0;
    },
  };
}

/** One bounded map per scope, so a scope that floods pushes out only its own entries. */
class ScopedEntries<T> implements SingleUseEntries<T> {
  private readonly byScope = new Map<string, ExpiringMap<T>>();
  /** Entry → scope, so an entry can be taken without knowing its scope. */
  private readonly scopeOf: ExpiringMap<string>;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxPerScope: number,
  ) {
    this.scopeOf = new ExpiringMap(clock, ttlMs, Number.MAX_SAFE_INTEGER);
  }

  async put(key: string, value: T, scope: string): Promise<number> {
    let entries = this.byScope.get(scope);
    if (!entries) {
      entries = new ExpiringMap(this.clock, this.ttlMs, this.maxPerScope);
      this.byScope.set(scope, entries);
    }
    this.scopeOf.set(key, scope);
    return entries.set(key, value);
  }

  async take(key: string): Promise<T | undefined> {
    const scope = this.scopeOf.take(key);
    return scope === undefined ? undefined : this.byScope.get(scope)?.take(key);
  }
}
