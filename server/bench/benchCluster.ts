import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster, type LocalCluster } from '../src/store/postgres/localCluster.ts';
import { pin } from './serverChild.ts';

/*
 * The PostgreSQL the benchmark measures against: a throwaway cluster of its own in a temp
 * folder (localCluster.ts), one database, and its processes pinned to a core like the servers.
 */

export interface BenchCluster {
  readonly url: string;
  readonly fsync: boolean;
  readonly dir: string;
  /** Pins the postmaster and every process it has started; backends started later inherit it. Returns how many were pinned. */
  pin(core: number): number;
  stop(): Promise<void>;
}

/**
 * `fsync: true` is PostgreSQL's default (every commit flushed to disk, what a deployment runs);
 * `false` is localCluster's throwaway mode (fsync, synchronous_commit and full_page_writes off).
 */
export async function startBenchCluster(options: { fsync: boolean }): Promise<BenchCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'pkc-bench-pg-'));
  const cluster: LocalCluster = await startLocalCluster({ dir, throwaway: !options.fsync });
  try {
    const url = await cluster.createDatabase('bench');
    return {
      url,
      fsync: options.fsync,
      dir,
      pin(core) {
        const postmaster = Number(readFileSync(join(dir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
        const pids = [postmaster, ...descendantsOf(postmaster)];
        for (const pid of pids) {
          try {
            pin(pid, core);
          } catch {
            // A backend that exited between the listing and taskset.
          }
        }
        return pids.length;
      },
      stop: () => cluster.stop({ remove: true }),
    };
  } catch (error) {
    await cluster.stop({ remove: true });
    throw error;
  }
}

/** Every process below `root`, from /proc (parent pid is the 4th field of /proc/PID/stat, after the parenthesised name). */
function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(afterName[1]));
    } catch {
      // Gone already.
    }
  }
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next = [...parentOf].filter(([, parent]) => frontier.includes(parent)).map(([pid]) => pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}
