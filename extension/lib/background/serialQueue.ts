/**
 * Runs tasks one after another, in call order; a failed task doesn't stop the ones queued
 * after it (its caller still sees the rejection).
 */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = tail.then(task);
    tail = next.catch(() => undefined);
    return next;
  };
}
