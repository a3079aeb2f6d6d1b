import { clientSignalsSchema, type ClientSignals, type PageSignals } from '@pkc/shared';

/**
 * Where the client signals of one attempt are finalized before they go to the server: the
 * page's signals plus the per-site device pseudonym (added here, never by the page).
 *
 * Seam for a future test-only override (E2E-HARNESS.md: headless Chromium reports no hybrid
 * transport, so device profiles must be emulated): such an override would be applied here,
 * off by default and settable only from the extension's own contexts, never by a web page.
 */
export function finalizeClientSignals(page: PageSignals, devicePseudonym: string): ClientSignals {
  return clientSignalsSchema.parse({ ...page, devicePseudonym });
}
