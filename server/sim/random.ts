import { Prng } from '../src/security/fuzzing.ts';

/*
 * Seeded randomness for the simulator: the same seed gives the same world, the same script
 * of life events and logins, and the same choices, whatever the strategy. Streams are derived
 * from (seed, keys…) rather than drawn in sequence, so a strategy that shows one more offer
 * does not shift every draw after it.
 */

/** splitmix32-style mixing of one 32-bit word. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Random {
  private constructor(private readonly prng: Prng) {}

  /** A stream of its own for `keys` under `seed` (e.g. seed, user, day). */
  static derive(seed: number, ...keys: number[]): Random {
    let h = mix(seed ^ 0x9e3779b9);
    for (const key of keys) h = mix(h ^ mix(key + 0x6d2b79f5));
    return new Random(new Prng(h));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return this.prng.pick(items);
  }

  /** An index into `weights`, with probability proportional to its weight. */
  index(weights: readonly number[]): number {
    let r = this.next() * weights.reduce((sum, w) => sum + w, 0);
    for (const [i, weight] of weights.entries()) {
      r -= weight;
      if (r < 0) return i;
    }
    if (weights.length === 0) throw new Error('weighted pick from nothing');
    return weights.length - 1;
  }

  /** One of `weighted`'s keys, with probability proportional to its weight. */
  weighted<K extends string>(weighted: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weighted) as [K, number][];
    const picked = entries[this.index(entries.map(([, weight]) => weight))];
    if (picked === undefined) throw new Error('weighted pick from nothing');
    return picked[0];
  }

  /** A url-safe pseudonym, as the extension makes per site (16-64 characters). */
  pseudonym(prefix: string): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = `${prefix}-`;
    for (let i = 0; i < 16; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}
