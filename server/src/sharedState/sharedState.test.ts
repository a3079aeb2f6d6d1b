import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../security/harness.ts';
import { Database } from '../store/postgres/database.ts';
import { migrateToLatest } from '../store/postgres/migrate.ts';
import { pgSharedState } from '../store/postgres/pgSharedState.ts';
import { freshDatabase } from '../testing/postgres.ts';
import { memorySharedState } from './memorySharedState.ts';
import type { SharedState } from './SharedState.ts';

/* The shared state's behaviour, the same in one server's memory and in PostgreSQL. */

let database: Database;
beforeAll(async () => {
  database = new Database(await freshDatabase());
  await migrateToLatest(database);
});
afterAll(() => database.close());

const engines: Array<[string, (clock: ManualClock) => SharedState]> = [
  ['memory', (clock) => memorySharedState(clock)],
  ['PostgreSQL', (clock) => pgSharedState(database, clock)],
];

describe.each(engines)('shared state: %s', (name, open) => {
  it('rate buckets in order: a refused request spends nothing after the refusing bucket; tokens come back with time', async () => {
    const clock = new ManualClock();
    const shared = open(clock);
    const strict = shared.rateBuckets(`${name}-strict`, { capacity: 1, windowMs: 60_000 }, 100);
    const loose = shared.rateBuckets(`${name}-loose`, { capacity: 3, windowMs: 60_000 }, 100);
    expect(
      await shared.takeInOrder([
        [strict, 'k'],
        [loose, 'k'],
      ]),
    ).toBe(0);
    const wait = await shared.takeInOrder([
      [strict, 'k'],
      [loose, 'k'],
    ]);
    expect(wait).toBeGreaterThan(59_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    // The loose bucket lost one token (the first request), not two.
    expect([await loose.take('k'), await loose.take('k')]).toEqual([0, 0]);
    expect(await loose.take('k')).toBeGreaterThan(0);
    clock.advance(60_000);
    expect(
      await shared.takeInOrder([
        [strict, 'k'],
        [loose, 'k'],
      ]),
    ).toBe(0);
    expect(await strict.take('other key')).toBe(0);
  });

  it('single-use entries: taken once, gone when expired', async () => {
    const clock = new ManualClock();
    const entries = open(clock).singleUse<{ n: number }>(`${name}-entries`, 1_000, 10);
    await entries.put('a', { n: 1 }, 'scope');
    await entries.put('b', { n: 2 }, 'scope');
    expect(await entries.take('a')).toEqual({ n: 1 });
    expect(await entries.take('a')).toBeUndefined();
    clock.advance(1_001);
    expect(await entries.take('b')).toBeUndefined();
  });
});
