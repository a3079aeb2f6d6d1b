import { randomBytes } from 'node:crypto';
import { open, readFile, unlink, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { isErrno } from './atomicTextFile.ts';

/**
 * One process owns a data file (ARCHITECTURE §6). The owner holds `<dataFile>.lock`
 * (mode 0600) with its pid; a running server also advertises its loopback admin endpoint
 * and admin token there so `npm run site` can register a site that is live at once.
 */
export const lockInfoSchema = z.object({
  pid: z.number().int().positive(),
  nonce: z.string().min(1),
  adminUrl: z.string().url().optional(),
  adminToken: z.string().min(32).optional(),
});
export type LockInfo = z.infer<typeof lockInfoSchema>;

export function lockFileFor(dataFile: string): string {
  return `${dataFile}.lock`;
}

/** Signal 0 checks existence; EPERM means it exists but belongs to someone else. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

export async function readLock(dataFile: string): Promise<LockInfo | undefined> {
  let text: string;
  try {
    text = await readFile(lockFileFor(dataFile), 'utf8');
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

/** The lock of a live owner, if any (a lock left by a dead pid does not count). */
export async function readLiveLock(dataFile: string): Promise<LockInfo | undefined> {
  const lock = await readLock(dataFile);
  return lock && isProcessAlive(lock.pid) ? lock : undefined;
}

export interface FileLock {
  readonly path: string;
  /** Rewrites the lock with the admin endpoint of the server that owns the file. */
  advertise(admin: { adminUrl: string; adminToken: string }): Promise<void>;
  release(): Promise<void>;
}

export async function acquireFileLock(dataFile: string): Promise<FileLock> {
  const path = lockFileFor(dataFile);
  const info: LockInfo = { pid: process.pid, nonce: randomBytes(16).toString('base64url') };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(info));
      } finally {
        await handle.close();
      }
      return createLock(path, info);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) {
        throw new ApiError('storage_failed', `cannot create the lock file ${path}: ${String(error)}`, { cause: error });
      }
    }
    const holder = await readLiveLock(dataFile);
    if (holder) {
      throw new ApiError(
        'storage_failed',
        `${dataFile} is in use by process ${holder.pid} (lock file ${path}). ` +
          'Stop that server first, or point DATA_FILE at another file.',
      );
    }
    // Stale (owner died) or unreadable: take it over.
    await unlink(path).catch(() => undefined);
  }
  throw new ApiError('storage_failed', `could not take the lock file ${path}; remove it if no server is running`);
}

function createLock(path: string, initial: LockInfo): FileLock {
  let current = initial;
  let released = false;
  return {
    path,
    async advertise(admin) {
      current = { ...current, ...admin };
      await writeFile(path, JSON.stringify(current), { mode: 0o600 });
    },
    async release() {
      if (released) return;
      released = true;
      // Only remove a lock that is still ours.
      const text = await readFile(path, 'utf8').catch(() => '');
      if (text.includes(current.nonce)) await unlink(path).catch(() => undefined);
    },
  };
}
