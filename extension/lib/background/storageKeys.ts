/**
 * Every key the extension keeps in `browser.storage.local`, in one place so options,
 * popup, background and the e2e harness agree on them.
 */
export const STORAGE_KEYS = {
  /** string: the companion server's base URL (options page; the e2e harness sets it too). */
  serverUrl: 'serverUrl',
  /** PartnerCache: the last partner list, tagged with the server it came from. */
  partnerCache: 'partnerCache',
  /*
   * Per partner site, one key each (siteRecords.ts): `pseudonym:<siteId>` (the random per-site
   * device pseudonym), `lastDecision:<siteId>` (what the server last decided there, for the
   * popup), `appendDeclines:<siteId>` (this device's "not now" / "not on this device" answers).
   */
  /** Earlier versions' maps Record<siteId, …>, moved to per-site keys at start (moveLegacySiteRecords). */
  legacyPseudonyms: 'pseudonyms',
  legacyLastDecisions: 'lastDecisions',
  legacyAppendDeclines: 'appendDeclines',
  /**
   * TestSignalOverride: TEST ONLY, absent by default. Replaces collected client signals
   * (headless Chromium can't report Bluetooth/hybrid; E2E-HARNESS.md). Written only from the
   * extension's own contexts (the e2e harness uses the service worker); web pages can't reach it.
   */
  testSignalOverride: 'testSignalOverride',
} as const;
