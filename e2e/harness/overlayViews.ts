import type { Page } from 'puppeteer-core';

/**
 * Which overlay views a tab showed, for specs that must show that something did NOT appear
 * (no passkey prompt on a `password` decision, no offer when the companion is down). Asking
 * the DOM right after the companion's reply races the extension; this recorder, installed in
 * every document of the tab, writes each view to sessionStorage as it appears, so a spec reads
 * the list after a same-origin navigation has ended the page in question.
 */
const KEY = 'pkc-test-overlay-views';

export async function recordOverlayViews(page: Page): Promise<void> {
  await page.evaluateOnNewDocument((key: string) => {
    const record = (view: string) => {
      const seen: unknown = JSON.parse(sessionStorage.getItem(key) ?? '[]');
      sessionStorage.setItem(key, JSON.stringify([...(Array.isArray(seen) ? seen : []), view]));
    };
    const watchHost = (host: Element) => {
      const root = host.shadowRoot;
      if (root === null) return;
      let last = '';
      const report = () => {
        const view = root.querySelector('[data-view]')?.getAttribute('data-view') ?? '';
        if (view !== '' && view !== last) record(view);
        last = view;
      };
      new MutationObserver(report).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-view'] });
      report();
    };
    const watched = new WeakSet<Element>();
    new MutationObserver(() => {
      const host = document.getElementById('passkey-companion');
      if (host !== null && !watched.has(host)) {
        watched.add(host);
        watchHost(host);
      }
    }).observe(document, { childList: true, subtree: true });
  }, KEY);
}

/** The views recorded on this origin in this tab since `forgetOverlayViews`, oldest first. */
export async function overlayViewsShown(page: Page): Promise<string[]> {
  return page.evaluate((key: string) => JSON.parse(sessionStorage.getItem(key) ?? '[]') as string[], KEY);
}

export async function forgetOverlayViews(page: Page): Promise<void> {
  await page.evaluate((key: string) => sessionStorage.removeItem(key), KEY);
}
