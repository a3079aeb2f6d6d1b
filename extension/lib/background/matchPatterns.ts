/**
 * Match patterns for the partner origins. Chrome's patterns accept a port
 * (`http://shop.localhost:4123/*`), so the content script runs on exactly the partner
 * origin; Firefox's don't, so there the pattern covers the host on any port and the
 * message router's sender check (partner origin, exact) is what keeps other ports out.
 */
export function matchPatternsFor(origins: readonly string[], options: { portsSupported: boolean }): string[] {
  const patterns = new Set<string>();
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    const host = options.portsSupported ? url.host : url.hostname;
    patterns.add(`${url.protocol}//${host}/*`);
  }
  return [...patterns].sort();
}
