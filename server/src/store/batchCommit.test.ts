import { describe, expect, it } from 'vitest';
import { BatchCommit } from './batchCommit.ts';

/** Files as arrays in memory, a fake disk that can refuse one file, and a log of batches. */
function world(failing: Set<string> = new Set()) {
  const memory = new Map<string, number[]>();
  const disk = new Map<string, number[]>();
  const batches: string[][] = [];
  let current: string[] = [];
  const commit = new BatchCommit<string, number[]>({
    snapshot: (file) => [...(memory.get(file) ?? [])],
    async write(file, snapshot) {
      current.push(file);
      await new Promise((resolve) => setImmediate(resolve));
      if (failing.has(file)) throw new Error(`cannot write ${file}`);
      disk.set(file, snapshot);
    },
    async afterWrites() {
      batches.push(current);
      current = [];
    },
    written: () => undefined,
    rollback: (file) => memory.set(file, [...(disk.get(file) ?? [])]),
    wrapError: (cause) => new Error('write failed', { cause }),
  });
  const change = (file: string, value: number) => {
    memory.set(file, [...(memory.get(file) ?? []), value]);
    return commit.flush(file);
  };
  return { memory, disk, batches, commit, change };
}

describe('BatchCommit', () => {
  it('writes the files changed in one synchronous section in one batch, each file once', async () => {
    const { disk, batches, change } = world();
    await Promise.all([change('a', 1), change('b', 2), change('a', 3)]);
    expect(batches).toEqual([['a', 'b']]);
    expect(disk).toEqual(
      new Map([
        ['a', [1, 3]],
        ['b', [2]],
      ]),
    );
  });

  it('a file that fails rolls back alone: its callers are rejected, the other files are saved', async () => {
    const { memory, disk, change } = world(new Set(['bad']));
    const [good, bad] = await Promise.allSettled([change('good', 1), change('bad', 2)]);
    expect(good.status).toBe('fulfilled');
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'write failed' } });
    expect(disk.get('good')).toEqual([1]);
    expect(memory.get('bad')).toEqual([]);
  });

  it('changes made on top of a failing write of the same file fail with it, and are not written later', async () => {
    const failing = new Set(['f']);
    const { memory, disk, change, commit } = world(failing);
    const first = change('f', 1);
    // Queued while the first write is in flight, on top of the change it carries.
    await Promise.resolve();
    await Promise.resolve();
    const second = change('f', 2);
    await expect(first).rejects.toThrow('write failed');
    await expect(second).rejects.toThrow('write failed');
    failing.clear();
    await change('f', 3);
    await commit.idle();
    expect(memory.get('f')).toEqual([3]);
    expect(disk.get('f')).toEqual([3]);
  });

  it('a change made as the previous batch completes is written too (none is left waiting)', async () => {
    const { disk, change } = world();
    await change('a', 1).then(() => change('a', 2));
    expect(disk.get('a')).toEqual([1, 2]);
  });
});
