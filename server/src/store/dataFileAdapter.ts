import type { Adapter } from 'lowdb';
import { ApiError } from '../errors.ts';
import { AtomicTextFile } from './atomicTextFile.ts';
import { dataFileSchema, type DataFile } from './records.ts';

/**
 * lowdb adapter that validates on read. A file that exists but is empty, truncated, `null`
 * or does not match the schema is refused with a message saying what to do: replacing it
 * with defaults would silently delete every site and passkey. (A missing file reads as null
 * and is created.) Writes are atomic and private (AtomicTextFile: temp 0600 + fsync + rename).
 */
export function validatedDataFile(path: string): Adapter<DataFile> {
  const file = new AtomicTextFile(path);
  return {
    async read() {
      const text = await file.read();
      return text === null ? null : parseDataFile(path, text);
    },
    write: (data) => file.write(`${JSON.stringify(data, null, 1)}\n`),
  };
}

export function parseDataFile(path: string, text: string): DataFile {
  const refuse = (what: string, cause?: unknown) =>
    new ApiError(
      'storage_failed',
      `The data file ${path} ${what}. It was left untouched. Restore it from a backup, or move it ` +
        'away to start with an empty store (all sites and passkeys in it would be lost).',
      { cause },
    );
  if (text.trim() === '') throw refuse('is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw refuse('is not valid JSON (truncated?)', cause);
  }
  if (json === null) throw refuse('contains null');
  const result = dataFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw refuse(`does not match the expected format (${issue?.path.join('.') ?? ''}: ${issue?.message ?? '?'})`, result.error);
  }
  return result.data;
}
