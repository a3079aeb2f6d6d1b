/**
 * Group commit over many files: changes are applied in memory, then `flush(file)` waits for
 * a write of that file that includes them. One batch is in flight at a time; it writes every
 * file changed since the last batch at once, then makes the batch durable with one more step
 * (the directory's fsync), so a burst of logins on different users costs one round of writes,
 * not one per login. A batch starts in a microtask: the changes of one synchronous section
 * share it.
 *
 * Each file succeeds or fails on its own (its write is atomic): a failed file is rolled back
 * and every caller whose change it carried is rejected, with the changes queued for it
 * meanwhile (they were made on top of the rolled-back ones); the other files of the batch
 * are saved and their callers told so.
 */
export interface BatchCommitFiles<File, Snapshot> {
  /** Taken synchronously, for every file of the batch before any is written. */
  snapshot(file: File): Snapshot;
  write(file: File, snapshot: Snapshot): Promise<void>;
  /** After the batch's writes (e.g. fsync of their directory); a failure here fails nothing. */
  afterWrites(): Promise<void>;
  /** The snapshot is on disk. */
  written(file: File, snapshot: Snapshot): void;
  /** Puts the file's part of memory back to what is on disk. */
  rollback(file: File): void;
  wrapError(cause: unknown): Error;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class BatchCommit<File, Snapshot> {
  private pending = new Map<File, Waiter[]>();
  private draining = false;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly files: BatchCommitFiles<File, Snapshot>) {}

  flush(file: File): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      const waiters = this.pending.get(file) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(file, waiters);
    });
    if (!this.draining) {
      this.draining = true;
      this.running = Promise.resolve().then(() => this.drain());
    }
    return done;
  }

  /** Resolves when no batch is in flight or queued. */
  async idle(): Promise<void> {
    while (this.draining) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.pending.size === 0) {
        // Cleared in the tick the loop ends: a flush after this starts a new drain, none is lost.
        this.draining = false;
        return;
      }
      const batch = this.pending;
      this.pending = new Map();
      const snapshots = [...batch.keys()].map((file) => ({ file, snapshot: this.files.snapshot(file) }));
      const results = await Promise.allSettled(snapshots.map(({ file, snapshot }) => this.files.write(file, snapshot)));
      await this.files.afterWrites().catch(() => undefined);
      results.forEach((result, i) => {
        const { file, snapshot } = snapshots[i] as { file: File; snapshot: Snapshot };
        const waiters = batch.get(file) ?? [];
        if (result.status === 'fulfilled') {
          this.files.written(file, snapshot);
          for (const waiter of waiters) waiter.resolve();
          return;
        }
        const onTop = this.pending.get(file) ?? [];
        this.pending.delete(file);
        this.files.rollback(file);
        const error = this.files.wrapError(result.reason);
        for (const waiter of [...waiters, ...onTop]) waiter.reject(error);
      });
    }
  }
}
