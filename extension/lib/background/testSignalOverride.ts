import type { z } from 'zod';
import { pageSignalsSchema, type PageSignals } from '@pkc/shared';
import { STORAGE_KEYS } from './storageKeys.ts';
import type { StorageArea } from './storageArea.ts';

/**
 * A test-only replacement for some of the client signals the page reports (E2E-HARNESS.md:
 * headless Chromium says `hybridTransport: false`, so device profiles such as "a Mac with
 * Bluetooth" must be emulated). Any subset of the page signals; `capabilities` are merged
 * key by key over the reported ones. The device pseudonym can't be overridden.
 *
 * Off by default: it only exists when someone with access to the extension's own storage
 * wrote it (the e2e harness does so from the service worker). Web pages and content scripts
 * never write it, and the popup shows a warning while it is set.
 */
export const testSignalOverrideSchema = pageSignalsSchema.partial().strict();
export type TestSignalOverride = z.infer<typeof testSignalOverrideSchema>;

/** The active override, or undefined when none is stored or the stored value is malformed. */
export async function readTestSignalOverride(storage: StorageArea): Promise<TestSignalOverride | undefined> {
  const stored = (await storage.get(STORAGE_KEYS.testSignalOverride))[STORAGE_KEYS.testSignalOverride];
  if (stored === undefined) return undefined;
  const parsed = testSignalOverrideSchema.safeParse(stored);
  if (!parsed.success) {
    console.warn('[passkey-companion] ignoring a malformed testSignalOverride', parsed.error.issues);
    return undefined;
  }
  return parsed.data;
}

/** The page's signals with the override applied (capabilities merged key by key). */
export function applyTestSignalOverride(page: PageSignals, override: TestSignalOverride | undefined): PageSignals {
  if (override === undefined) return page;
  return {
    ...page,
    ...override,
    capabilities: { ...page.capabilities, ...(override.capabilities ?? {}) },
  };
}
