import { z } from 'zod';
import { DEFAULT_SERVER_URL } from '@pkc/shared';
import { STORAGE_KEYS } from './storageKeys.ts';
import type { StorageArea } from './storageArea.ts';

/** An http(s) base URL without query or fragment; stored without a trailing slash. */
export const serverUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL such as http://localhost:8787')
  .transform((value) => value.replace(/\/+$/, ''));

/** The configured server URL; a missing or invalid stored value falls back to the default. */
export async function readServerUrl(storage: StorageArea): Promise<string> {
  const stored = await storage.get(STORAGE_KEYS.serverUrl);
  const parsed = serverUrlSchema.safeParse(stored[STORAGE_KEYS.serverUrl]);
  return parsed.success ? parsed.data : DEFAULT_SERVER_URL;
}
