/**
 * Every key the extension keeps in `browser.storage.local`, in one place so options,
 * popup, background and the e2e harness agree on them.
 */
export const STORAGE_KEYS = {
  /** string: the companion server's base URL (options page; the e2e harness sets it too). */
  serverUrl: 'serverUrl',
  /** PartnerCache: the last partner list, tagged with the server it came from. */
  partnerCache: 'partnerCache',
  /** Record<siteId, pseudonym>: the random per-site device pseudonym. */
  pseudonyms: 'pseudonyms',
  /** Record<siteId, LastDecision>: what the server last decided on each site (popup). */
  lastDecisions: 'lastDecisions',
} as const;
