import type { FormOverrides } from '@pkc/shared';
import { watchLoginForm } from '../formDetection/watchLoginForm.ts';

/**
 * Calls `onIdentifier(username)` when the identifier counts as entered (CONTRACT.md "Partner
 * page ↔ extension"): focus leaves the identifier field with a non-empty value, Enter in it,
 * or a click on the continue button of an identifier-first form. Listeners are passive: the
 * site's own submit is never blocked or delayed, and only the identifier's value is read.
 * Forms that appear later (SPAs, the second step of identifier-first flows) are picked up by
 * the login-form watcher.
 */
export function watchIdentifierEntry(
  doc: Document,
  onIdentifier: (username: string) => void,
  overrides?: FormOverrides,
): () => void {
  const watched = new WeakSet<Element>();
  const cleanups: Array<() => void> = [];

  const listen = (element: Element, type: string, handler: (event: Event) => void) => {
    element.addEventListener(type, handler, { passive: true });
    cleanups.push(() => element.removeEventListener(type, handler));
  };

  const stopWatching = watchLoginForm(
    doc,
    ({ detection, elements }) => {
      const identifier = elements.username;
      if (identifier === undefined || watched.has(identifier)) return;
      watched.add(identifier);
      const report = () => {
        const value = identifier.value.trim();
        if (value !== '') onIdentifier(value);
      };
      listen(identifier, 'blur', report);
      listen(identifier, 'keydown', (event) => {
        if (isEnter(event)) report();
      });
      if (detection.kind === 'identifier-first' && elements.submit !== undefined) listen(elements.submit, 'click', report);
    },
    overrides === undefined ? {} : { overrides },
  );

  return () => {
    stopWatching();
    for (const cleanup of cleanups) cleanup();
  };
}

function isEnter(event: Event): boolean {
  return 'key' in event && event.key === 'Enter' && !('isComposing' in event && event.isComposing === true);
}
