import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/** Where a write is staged before the rename (the name lowdb's own writer uses, too). */
export function tempFileFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp`);
}

/**
 * A text file written atomically and privately: the data file holds the login-token signing
 * key, so it is written with mode 0600. A write goes to a temp file (0600), is fsync'ed, then
 * renamed over the file, and the directory is fsync'ed: after a crash the file is either the
 * old or the new version, never a torn one. Replaces lowdb's default TextFile writer.
 * Callers serialize writes (LowdbStore does: one write in flight at a time).
 */
export class AtomicTextFile implements Adapter<string> {
  constructor(readonly path: string) {}

  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
  }

  async write(text: string): Promise<void> {
    const temp = tempFileFor(this.path);
    const handle = await open(temp, 'w', 0o600);
    try {
      // `open` applies the mode only when it creates the file; a leftover keeps its own.
      await handle.chmod(0o600);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
    await syncDirectory(dirname(this.path));
  }
}

/** Makes the rename itself durable; some filesystems refuse to fsync a directory, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/** A temp file left by a process killed mid-write is garbage: the data file is still whole. */
export async function removeLeftoverTempFile(path: string): Promise<boolean> {
  try {
    await unlink(tempFileFor(path));
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
