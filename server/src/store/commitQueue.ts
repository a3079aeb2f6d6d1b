/**
 * Group commit for a store that rewrites one file: changes are applied in memory, then
 * `flush()` waits for a write that includes them. One write is in flight at a time; changes
 * made meanwhile share the next write. A write starts in a microtask, not at once, so the
 * changes of one synchronous section (a batch of puts) land in the same write. When a write fails, every change not yet on disk is
 * rolled back (`rollback`) and each of their callers is rejected, so nothing is reported as
 * saved that was not (a later successful write must not resurrect a change whose caller was
 * told it failed).
 */
export class CommitQueue {
  private waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  /** Set from the first waiter until the drain loop finds no more, in the same tick it stops. */
  private draining = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    /** Takes its snapshot synchronously, before its first await. */
    private readonly commit: () => Promise<void>,
    private readonly rollback: () => void,
    private readonly wrapError: (cause: unknown) => Error,
  ) {}

  flush(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.draining) {
      this.draining = true;
      this.running = Promise.resolve().then(() => this.drain());
    }
    return done;
  }

  /** Resolves when no write is in flight or queued. */
  async idle(): Promise<void> {
    while (this.draining) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.waiting.length === 0) {
        // Cleared in the tick the loop ends: a flush after this starts a new drain, none is lost.
        this.draining = false;
        return;
      }
      const batch = this.waiting.splice(0);
      try {
        await this.commit();
        for (const waiter of batch) waiter.resolve();
      } catch (cause) {
        // Changes queued during the failed write were made on top of the rolled-back ones.
        const failed = [...batch, ...this.waiting.splice(0)];
        this.rollback();
        const error = this.wrapError(cause);
        for (const waiter of failed) waiter.reject(error);
      }
    }
  }
}
