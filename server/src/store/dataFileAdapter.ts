import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { ApiError } from '../errors.ts';
import { AtomicTextFile } from './atomicTextFile.ts';
import { dataFileSchema, type DataFile } from './records.ts';

/**
 * lowdb adapter that validates on read. A file that exists but is empty, truncated, `null`
 * or does not match the schema is refused with a message saying what to do: replacing it
 * with defaults would silently delete every site and passkey. (A missing file reads as null
 * and is created.) Writes are atomic and private (AtomicTextFile: temp 0600 + fsync + rename),
 * and compact: every byte is parsed again at the next start.
 */
export function validatedJsonFile<T>(path: string, parse: (path: string, text: string) => T): Adapter<T> {
  const file = new AtomicTextFile(path);
  return {
    async read() {
      const text = await file.read();
      return text === null ? null : parse(path, text);
    },
    write: (data) => file.write(JSON.stringify(data)),
  };
}

export function refuseDataFile(path: string, what: string, cause?: unknown): ApiError {
  return new ApiError(
    'storage_failed',
    `The data file ${path} ${what}. It was left untouched. Restore it from a backup, or move it ` +
      'away to start with an empty store (all sites and passkeys in it would be lost).',
    { cause },
  );
}

/** JSON text → unknown, refusing what is not JSON at all. */
export function parseJsonText(path: string, text: string): unknown {
  if (text.trim() === '') throw refuseDataFile(path, 'is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw refuseDataFile(path, 'is not valid JSON (truncated?)', cause);
  }
  if (json === null) throw refuseDataFile(path, 'contains null');
  return json;
}

export function validateWith<S extends z.ZodType>(path: string, schema: S, json: unknown): z.infer<S> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw refuseDataFile(
      path,
      `does not match the expected format (${issue?.path.join('.') ?? ''}: ${issue?.message ?? '?'})`,
      result.error,
    );
  }
  return result.data;
}

/** A whole data set in format 1 (one file, the layout before shards; also the export format). */
export function parseDataFile(path: string, text: string): DataFile {
  return validateWith(path, dataFileSchema, parseJsonText(path, text));
}
