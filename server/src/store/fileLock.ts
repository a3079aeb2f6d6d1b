import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { link, open, readFile, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { isErrno } from './atomicTextFile.ts';

/**
 * One process owns a data set (ARCHITECTURE §6). The owner holds `<dataFile>.lock` (0600)
 * for its whole life; a running server also advertises its loopback admin endpoint and admin
 * token there so `npm run site` can register a site that is live at once.
 *
 * Node has no OS-level file lock, so a lock says who holds it precisely enough to judge from
 * anywhere whether that holder still runs (security review round 2, finding 2):
 * - in this kernel and PID namespace (same host, boot id and namespace): the pid is alive and
 *   started when the lock says (a reused pid is not the holder); a lock naming our own pid is
 *   a previous incarnation's (a container's PID 1 restarted after SIGKILL);
 * - anywhere else (a second container on the same volume, another PID namespace, another
 *   host): its heartbeat, rewritten every HEARTBEAT_MS, is fresh.
 * A stale lock is replaced under a second, short-lived `.takeover` file created exclusively,
 * and the new lock is put in place with link(), which fails if a lock exists: of two servers
 * starting at once, one wins.
 */
export const lockInfoSchema = z.object({
  pid: z.number().int().positive(),
  nonce: z.string().min(1),
  host: z.string().optional(),
  bootId: z.string().optional(),
  pidNamespace: z.string().optional(),
  /** The process's start in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTicks: z.number().int().optional(),
  /** ms since the epoch. */
  heartbeatAt: z.number().optional(),
  adminUrl: z.string().url().optional(),
  adminToken: z.string().min(32).optional(),
});
export type LockInfo = z.infer<typeof lockInfoSchema>;

export const HEARTBEAT_MS = 10_000;
/** A heartbeat older than this is a dead holder's (three beats missed). */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;
/** A takeover file older than this was left by a process that died taking over. */
const TAKEOVER_STALE_MS = 10_000;

export function lockFileFor(dataFile: string): string {
  return `${dataFile}.lock`;
}

/** Locks this process holds: a second open of the same data set here is refused too. */
const heldHere = new Set<string>();

/** Where this process runs, as a lock records it. */
export function whoAmI(): Omit<LockInfo, 'nonce' | 'heartbeatAt'> {
  return {
    pid: process.pid,
    host: hostname(),
    ...optional('bootId', () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    ...optional('pidNamespace', () => readlinkSync('/proc/self/ns/pid')),
    ...optional('startTicks', () => startTicksOf('self')),
  };
}

function optional<K extends string, V>(key: K, read: () => V | undefined): Partial<Record<K, V>> {
  try {
    const value = read();
    return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  } catch {
    return {};
  }
}

/** Field 22 of /proc/<pid>/stat; the name in field 2 may hold spaces and parentheses. */
function startTicksOf(pid: number | 'self'): number | undefined {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isInteger(ticks) ? ticks : undefined;
}

/** Signal 0 checks existence; EPERM means it exists but belongs to someone else. */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

/** Whether the holder a lock names is still running, judged as the comment at the top says. */
export function isHolderAlive(lock: LockInfo, me = whoAmI(), now = Date.now()): boolean {
  const here =
    lock.host !== undefined &&
    lock.host === me.host &&
    lock.bootId !== undefined &&
    lock.bootId === me.bootId &&
    lock.pidNamespace !== undefined &&
    lock.pidNamespace === me.pidNamespace;
  if (!here) {
    // A lock from before heartbeats (no host recorded) is judged by its pid, as it always was.
    if (lock.host === undefined && lock.heartbeatAt === undefined) return lock.pid !== process.pid && isProcessAlive(lock.pid);
    return lock.heartbeatAt !== undefined && now - lock.heartbeatAt < STALE_AFTER_MS;
  }
  if (lock.pid === me.pid) return false;
  if (!isProcessAlive(lock.pid)) return false;
  const started = optional('ticks', () => startTicksOf(lock.pid)).ticks;
  return lock.startTicks === undefined || started === undefined || started === lock.startTicks;
}

export function readLock(dataFile: string): Promise<LockInfo | undefined> {
  return readLockAt(lockFileFor(dataFile));
}

/** The lock at `path`; undefined when missing or unreadable. */
async function readLockAt(path: string): Promise<LockInfo | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = lockInfoSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The lock of a live owner, if any (a lock left by a dead holder does not count). */
export async function readLiveLock(dataFile: string): Promise<LockInfo | undefined> {
  const lock = await readLock(dataFile);
  return lock && (heldHere.has(lockFileFor(dataFile)) || isHolderAlive(lock)) ? lock : undefined;
}

export interface FileLock {
  readonly path: string;
  /** Rewrites the lock with the admin endpoint of the server that owns the file. */
  advertise(admin: { adminUrl: string; adminToken: string }): Promise<void>;
  /** Called if the lock is found taken by another process: this one must stop writing. */
  onLost(listener: () => void): void;
  release(): Promise<void>;
}

export async function acquireFileLock(dataFile: string): Promise<FileLock> {
  const path = lockFileFor(dataFile);
  if (heldHere.has(path)) throw inUse(dataFile, path, process.pid);
  const info: LockInfo = { ...whoAmI(), nonce: randomBytes(16).toString('base64url'), heartbeatAt: Date.now() };
  // The complete lock first, under a name of its own; link() then puts it in place only if no lock is there.
  const mine = `${path}.${info.nonce}`;
  await writeFile(mine, JSON.stringify(info), { mode: 0o600, flag: 'wx' }).catch((error: unknown) => {
    throw new ApiError('storage_failed', `cannot create the lock file ${path}: ${String(error)}`, { cause: error });
  });
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        await link(mine, path);
        heldHere.add(path);
        return createLock(path, info);
      } catch (error) {
        if (!isErrno(error, 'EEXIST'))
          throw new ApiError('storage_failed', `cannot create the lock file ${path}: ${String(error)}`, { cause: error });
      }
      const holder = await readLock(dataFile);
      if (holder && isHolderAlive(holder)) throw inUse(dataFile, path, holder.pid);
      await removeStaleLock(path, holder?.nonce);
    }
    throw new ApiError('storage_failed', `could not take the lock file ${path}; remove it if no server is running`);
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}

function inUse(dataFile: string, path: string, pid: number): ApiError {
  return new ApiError(
    'storage_failed',
    `${dataFile} is in use by process ${pid} (lock file ${path}). Stop that server first, or point DATA_FILE at another file.`,
  );
}

/**
 * Removes the lock judged stale, under the exclusive `.takeover` file, and only if it is still
 * the very lock that was judged (same nonce): another starter may have replaced it meanwhile.
 */
async function removeStaleLock(path: string, staleNonce: string | undefined): Promise<void> {
  const takeover = `${path}.takeover`;
  let handle: FileHandle;
  try {
    handle = await open(takeover, 'wx', 0o600);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    const age = await stat(takeover).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > TAKEOVER_STALE_MS) await unlink(takeover).catch(() => undefined);
    // Someone else is taking over: wait for them, then look again.
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    return;
  }
  try {
    const current = await readLockAt(path);
    if (current?.nonce === staleNonce) await unlink(path).catch(() => undefined);
  } finally {
    await handle.close();
    await unlink(takeover).catch(() => undefined);
  }
}

function createLock(path: string, initial: LockInfo): FileLock {
  let current = initial;
  let released = false;
  let lost: (() => void) | undefined;
  /** Rewritten whole and renamed into place: a reader never sees half a lock. */
  const write = async () => {
    const temp = `${path}.${current.nonce}.tmp`;
    await writeFile(temp, JSON.stringify(current), { mode: 0o600 });
    await rename(temp, path);
  };
  const heartbeat = setInterval(() => {
    void (async () => {
      const text = await readFile(path, 'utf8').catch(() => '');
      if (!text.includes(current.nonce)) {
        // Taken over: someone judged this process dead. It must not write any more.
        clearInterval(heartbeat);
        lost?.();
        return;
      }
      current = { ...current, heartbeatAt: Date.now() };
      await write().catch(() => undefined);
    })();
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    path,
    async advertise(admin) {
      current = { ...current, ...admin, heartbeatAt: Date.now() };
      await write();
    },
    onLost(listener) {
      lost = listener;
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      heldHere.delete(path);
      // Only remove a lock that is still ours.
      const text = await readFile(path, 'utf8').catch(() => '');
      if (text.includes(current.nonce)) await unlink(path).catch(() => undefined);
    },
  };
}
