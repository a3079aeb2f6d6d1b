import type { FormOverrides } from '@pkc/shared';
import { watchLoginForm } from '../formDetection/watchLoginForm.ts';

/** Inputs that can never be the identifier: leaving one is no reason to detect again. */
const NOT_AN_IDENTIFIER = /^(password|hidden|checkbox|radio|submit|button|image|reset|file|range|color)$/;

/**
 * Calls `onIdentifier(username)` when the identifier counts as entered (CONTRACT.md "Partner
 * page ↔ extension"): focus leaves the identifier field with a non-empty value, Enter in it,
 * or a click on the continue button of an identifier-first form. Listeners are passive: the
 * site's own submit is never blocked or delayed, and only the identifier's value is read.
 *
 * Forms that appear later (SPAs, the second step of identifier-first flows) are picked up by
 * the login-form watcher. And leaving (or pressing Enter in) a text field detection doesn't
 * know makes it look again first: a sign-in panel shown by a class change adds no node to
 * notice, and a fast typist, or a password manager filling in and moving on, can leave the
 * field before a debounced detection ran. That listener sits on the document in the capture
 * phase, so it runs before the event reaches the field; a field the recheck finds to be the
 * identifier gets its own listeners then, and they hear this very event (DOM §2.9: a target's
 * listeners are read when the event reaches it). Focus moving inside one shadow root does not
 * reach the document, so the first keystroke in an unknown field makes detection look again too.
 */
export function watchIdentifierEntry(
  doc: Document,
  onIdentifier: (username: string) => void,
  overrides?: FormOverrides,
): () => void {
  const watched = new WeakSet<Element>();
  const cleanups: Array<() => void> = [];

  const listen = (target: EventTarget, type: string, handler: (event: Event) => void, capture = false) => {
    target.addEventListener(type, handler, { passive: true, capture });
    cleanups.push(() => target.removeEventListener(type, handler, { capture }));
  };

  const watch = watchLoginForm(
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

  const unknownField = (event: Event): HTMLInputElement | null => {
    const field = inputOf(event);
    return field !== null && !NOT_AN_IDENTIFIER.test(field.type) && !watched.has(field) ? field : null;
  };
  // The first keystroke (or autofill) in an unknown field: `input` is composed, so it reaches
  // the document from inside a shadow root, where a blur to the next field of the same root
  // does not. Once per field; leaving it checks again.
  const typedInto = new WeakSet<Element>();
  listen(doc, 'input', (event) => {
    const field = unknownField(event);
    if (field === null || typedInto.has(field)) return;
    typedInto.add(field);
    watch.recheck();
  }, true);
  const leaving = (event: Event) => {
    if (unknownField(event) !== null) watch.recheck();
  };
  listen(doc, 'blur', leaving, true);
  listen(doc, 'keydown', (event) => {
    if (isEnter(event)) leaving(event);
  }, true);

  return () => {
    watch.stop();
    for (const cleanup of cleanups) cleanup();
  };
}

/** The input an event happened on, inside open shadow roots too (the event's target is their host). */
function inputOf(event: Event): HTMLInputElement | null {
  const origin = event.composedPath()[0] ?? event.target;
  return typeof origin === 'object' && origin !== null && 'localName' in origin && origin.localName === 'input'
    ? (origin as HTMLInputElement)
    : null;
}

function isEnter(event: Event): boolean {
  return 'key' in event && event.key === 'Enter' && !('isComposing' in event && event.isComposing === true);
}
