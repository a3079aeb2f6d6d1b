import { detectLoginForm } from './detectLoginForm.ts';
import { snapshotPage } from './formSnapshot.ts';

/** How long DOM changes are coalesced before the page is scanned again for a login form. */
const RESCAN_DELAY_MS = 150;

/**
 * Calls `onIdentifier(username)` when the identifier counts as entered (CONTRACT.md "Partner
 * page ↔ extension"): focus leaves the identifier field with a non-empty value, Enter in it,
 * or a click on the continue button of an identifier-first form. Listeners are passive: the
 * site's own submit is never blocked or delayed, and only the identifier's value is read.
 * Login forms that appear later (SPAs) are picked up by a coalesced rescan.
 */
export function watchIdentifierEntry(doc: Document, onIdentifier: (username: string) => void): () => void {
  const watched = new WeakSet<Element>();
  const cleanups: Array<() => void> = [];

  const listen = (element: Element, type: string, handler: (event: Event) => void) => {
    element.addEventListener(type, handler, { passive: true });
    cleanups.push(() => element.removeEventListener(type, handler));
  };

  const scan = () => {
    const { snapshot, elements } = snapshotPage(doc);
    const form = detectLoginForm(snapshot);
    if (form === undefined) return;
    const identifier = elements[form.identifier];
    if (identifier === undefined || watched.has(identifier)) return;
    watched.add(identifier);
    const report = () => {
      const value = identifierValue(identifier).trim();
      if (value !== '') onIdentifier(value);
    };
    listen(identifier, 'blur', report);
    listen(identifier, 'keydown', (event) => {
      if (event instanceof KeyboardEvent && event.key === 'Enter' && !event.isComposing) report();
    });
    if (form.kind === 'identifier-first' && form.continueButton !== undefined) {
      const button = elements[form.continueButton];
      if (button !== undefined) listen(button, 'click', report);
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new MutationObserver(() => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      scan();
    }, RESCAN_DELAY_MS);
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  scan();

  return () => {
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
    for (const cleanup of cleanups) cleanup();
  };
}

function identifierValue(element: Element): string {
  return 'value' in element && typeof element.value === 'string' ? element.value : '';
}
