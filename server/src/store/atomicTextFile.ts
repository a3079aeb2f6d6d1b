import { rename as renameCallback, writeFile as writeFileCallback } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Adapter } from 'lowdb';

// The callback API, promisified: about half the CPU of fs/promises' FileHandle per write,
// which counts when every login writes a file.
const writeFileFlushed = promisify(writeFileCallback);
const renameFile = promisify(renameCallback);

/** Where a write is staged before the rename (the name lowdb's own writer uses, too). */
export function tempFileFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp`);
}

/**
 * A text file written atomically and privately: the data file holds the login-token signing
 * key, so it is written with mode 0600. A write goes to a new temp file (0600), is fsync'ed,
 * then renamed over the file, and the directory is fsync'ed: after a crash the file is either
 * the old or the new version, never a torn one. Replaces lowdb's default TextFile writer.
 * Callers serialize writes of one file (the store does: one write in flight at a time), and
 * the owner removes leftover temp files at start, so the temp file is always created here
 * (the mode applies only when a file is created).
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

  /** `syncDirectory: false` when the caller fsyncs the directory once for a batch of files. */
  async write(text: string, options: { syncDirectory?: boolean } = {}): Promise<void> {
    const temp = tempFileFor(this.path);
    await writeFileFlushed(temp, text, { encoding: 'utf8', mode: 0o600, flag: 'w', flush: true });
    await renameFile(temp, this.path);
    if (options.syncDirectory !== false) await syncDirectory(dirname(this.path));
  }
}

/** Makes a rename durable; some filesystems refuse to fsync a directory, which is fine. */
export async function syncDirectory(dir: string): Promise<void> {
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
