import { clientSignalsSchema, type ClientSignals, type PageSignals } from '@pkc/shared';
import { applyTestSignalOverride, type TestSignalOverride } from './testSignalOverride.ts';

/**
 * Where the client signals of one attempt are finalized before they go to the server: the
 * page's signals plus the per-site device pseudonym (added here, never by the page), with the
 * test-only override applied when one is stored (see testSignalOverride.ts; off by default).
 */
export function finalizeClientSignals(page: PageSignals, devicePseudonym: string, override?: TestSignalOverride): ClientSignals {
  return clientSignalsSchema.parse({ ...applyTestSignalOverride(page, override), devicePseudonym });
}
