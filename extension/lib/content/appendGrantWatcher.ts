/** CONTRACT.md: the page that follows the site's own login carries this meta tag. */
export const APPEND_GRANT_META = 'passkey-companion-append-grant';

/**
 * Calls `onGrant` once per distinct grant found in `<meta name="passkey-companion-append-grant">`,
 * present at load or added later (SPAs). The observer only looks further when a mutation could
 * have brought a meta tag, so busy pages pay almost nothing.
 */
export function watchAppendGrants(doc: Document, onGrant: (grant: string) => void): () => void {
  const seen = new Set<string>();
  const check = () => {
    for (const meta of doc.querySelectorAll(`meta[name="${APPEND_GRANT_META}"]`)) {
      const grant = meta.getAttribute('content')?.trim() ?? '';
      if (grant === '' || seen.has(grant)) continue;
      seen.add(grant);
      onGrant(grant);
    }
  };
  const observer = new MutationObserver((records) => {
    const relevant = records.some((record) =>
      record.type === 'attributes'
        ? record.target.nodeName === 'META'
        : Array.from(record.addedNodes).some((node) => node.nodeName === 'META' || node.hasChildNodes()),
    );
    if (relevant) check();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['content', 'name'] });
  check();
  return () => observer.disconnect();
}
