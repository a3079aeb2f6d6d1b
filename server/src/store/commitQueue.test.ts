import { describe, expect, it } from 'vitest';
import { CommitQueue } from './commitQueue.ts';

/** A queue over a fake file: `writes` is what each commit saw of `memory`. */
function queueOver(memory: number[], writes: number[][], fail: () => boolean = () => false) {
  let onDisk: number[] = [];
  return new CommitQueue(
    async () => {
      const snapshot = [...memory];
      await new Promise((resolve) => setImmediate(resolve));
      if (fail()) throw new Error('disk full');
      writes.push(snapshot);
      onDisk = snapshot;
    },
    () => memory.splice(0, memory.length, ...onDisk),
    (cause) => new Error('write failed', { cause }),
  );
}

describe('CommitQueue', () => {
  it('puts the changes of one synchronous section in one write', async () => {
    const memory: number[] = [];
    const writes: number[][] = [];
    const queue = queueOver(memory, writes);
    await Promise.all([1, 2, 3].map((n) => (memory.push(n), queue.flush())));
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('a flush made by a caller as its own write completes is written too (none is left waiting)', async () => {
    const memory: number[] = [];
    const writes: number[][] = [];
    const queue = queueOver(memory, writes);
    memory.push(1);
    await queue.flush().then(() => {
      memory.push(2);
      return queue.flush();
    });
    expect(writes).toEqual([[1], [1, 2]]);
  });

  it('a failed write rolls back and fails every change it carried and every change made on top', async () => {
    const memory: number[] = [];
    const writes: number[][] = [];
    let failing = true;
    const queue = queueOver(memory, writes, () => failing);
    memory.push(1);
    const first = queue.flush();
    memory.push(2);
    const second = queue.flush();
    await expect(first).rejects.toThrow('write failed');
    await expect(second).rejects.toThrow('write failed');
    expect(memory).toEqual([]);
    failing = false;
    memory.push(3);
    await queue.flush();
    expect(writes).toEqual([[3]]);
    await queue.idle();
  });
});
