import type { FormOverrides } from '@pkc/shared';
import { watchLoginForm } from '../formDetection/watchLoginForm.ts';

/** Inputs that can never be the identifier: leaving one is no reason to detect again. */
const NOT_AN_IDENTIFIER = /^(password|hidden|checkbox|radio|submit|button|image|reset|file|range|color)$/;

export interface IdentifierEntry {
  username: string;
  /**
   * Whether, since the identifier was entered, the person typed into a password field or
   * submitted a form: they are signing in with their password, and a passkey prompt must not
   * appear over it.
   */
  movedOn(): boolean;
  /**
   * Where the person goes next with a password: the password field of the identifier's form
   * when detection found one and it is still on the page (issue 17: "Use password" puts the
   * focus there, not on whatever the page's dialog falls back to).
   */
  headingTo(): HTMLElement | undefined;
}

/**
 * Calls `onIdentifier` when the identifier counts as entered (CONTRACT.md "Partner page ↔
 * extension"): focus leaves the identifier field with a non-empty value, Enter in it, or a
 * click on the continue button of an identifier-first form. Listeners are passive: the site's
 * own submit is never blocked or delayed, and only the identifier's value is read — never that
 * of a field that is, or ever was, a password (pages switch one element between the steps of a
 * form, and a "show password" eye makes a password type=text).
 *
 * Forms that appear later (SPAs, the second step of identifier-first flows) are picked up by
 * the login-form watcher. And typing into (at once, the first keystroke), leaving or pressing
 * Enter in (right after the event) a text field detection doesn't know makes it look again: a
 * sign-in panel shown by a class change adds no node to notice, and a fast typist (or a
 * password manager filling in and moving on) can leave the field before a debounced detection
 * ran. Those listeners sit on the
 * document in the capture phase, so they hear fields detected later too; `input` also comes
 * out of shadow roots, where a blur to the next field of the same root does not.
 */
export interface IdentifierWatch {
  /** The site owner's selectors, once the background has sent them: they win over the heuristics. */
  useOverrides(overrides: FormOverrides): void;
  /**
   * Called whenever the person types into a password field or submits a form with one: a
   * password login is under way, whatever the flows showed before (issue 17).
   */
  onPasswordLogin(listener: () => void): void;
  /** Called once for each identifier field detection finds (passkey autofill attaches to it). */
  onIdentifierField(listener: (field: HTMLInputElement) => void): void;
  stop(): void;
}

export function watchIdentifierEntry(
  doc: Document,
  onIdentifier: (entry: IdentifierEntry) => void,
  overrides?: FormOverrides,
): IdentifierWatch {
  const identifiers = new WeakSet<Element>();
  const passwords = new WeakSet<Element>();
  const cleanups: Array<() => void> = [];
  let stopped = false;
  // Events in the order they happened (a counter, not a clock: two can share a millisecond):
  // the latest keystroke in a password field, the latest submit.
  let sequence = 0;
  const now = () => ++sequence;
  let passwordTypedAt = 0;
  let submittedAt = 0;
  let passwordLogin: (() => void) | undefined;
  let identifierField: ((field: HTMLInputElement) => void) | undefined;
  const fieldsFound: HTMLInputElement[] = [];
  const passwordFieldOf = new WeakMap<Element, HTMLElement>();

  const listen = (target: EventTarget, type: string, handler: (event: Event) => void, capture = false) => {
    target.addEventListener(type, handler, { passive: true, capture });
    cleanups.push(() => target.removeEventListener(type, handler, { capture }));
  };

  // `enteredAt`: when the person left the field, which a deferred recheck reports later.
  const report = (identifier: HTMLInputElement, enteredAt = now()) => {
    if (stopped || identifier.type === 'password' || passwords.has(identifier)) return;
    const value = identifier.value.trim();
    if (value === '') return;
    onIdentifier({
      username: value,
      movedOn: () => passwordTypedAt > enteredAt || submittedAt > enteredAt,
      headingTo: () => {
        const password = passwordFieldOf.get(identifier);
        return password?.isConnected === true ? password : undefined;
      },
    });
  };

  const watch = watchLoginForm(
    doc,
    ({ detection, elements }) => {
      // Also a field the owner's selectors name as the password, whatever its type (a PIN in a text field).
      if (elements.password !== undefined) passwords.add(elements.password);
      const identifier = elements.username;
      if (identifier !== undefined && elements.password !== undefined) passwordFieldOf.set(identifier, elements.password);
      if (identifier === undefined || identifiers.has(identifier) || passwords.has(identifier)) return;
      identifiers.add(identifier);
      fieldsFound.push(identifier);
      identifierField?.(identifier);
      listen(identifier, 'blur', () => report(identifier));
      listen(identifier, 'keydown', (event) => {
        if (isEnter(event)) report(identifier);
      });
      if (detection.kind === 'identifier-first' && elements.submit !== undefined)
        listen(elements.submit, 'click', () => report(identifier));
    },
    {
      ...(overrides === undefined ? {} : { overrides }),
      onPasswordFields: (fields) => {
        for (const field of fields) passwords.add(field);
      },
    },
  );

  const unknownField = (event: Event): HTMLInputElement | null => {
    const field = inputOf(event);
    return field !== null && !NOT_AN_IDENTIFIER.test(field.type) && !identifiers.has(field) ? field : null;
  };
  // After a blur or Enter, so detection never runs in the way of a submit or a focus change; a
  // field it then knows as the identifier is reported for the event that made it look.
  const recheckAfter = (field: HTMLInputElement) => {
    const at = now();
    setTimeout(() => {
      if (stopped) return;
      watch.recheck();
      if (identifiers.has(field)) report(field, at);
    }, 0);
  };
  const typedInto = new WeakSet<Element>();
  listen(
    doc,
    'input',
    (event) => {
      const typed = inputOf(event);
      if (typed?.type === 'password') {
        // Remembered for good: a page may turn this very element into a text field later.
        passwords.add(typed);
        passwordTypedAt = now();
        passwordLogin?.();
      }
      const field = unknownField(event);
      // The first keystroke (or autofill) in an unknown field detects at once, once per field: a
      // field found to be the identifier then has its own listeners before focus moves on (under
      // load the browser may run queued input before a timer). Leaving it looks again.
      if (field === null || typedInto.has(field)) return;
      typedInto.add(field);
      if (!stopped) watch.recheck();
    },
    true,
  );
  const leaving = (event: Event) => {
    const field = unknownField(event);
    if (field !== null) recheckAfter(field);
  };
  listen(doc, 'blur', leaving, true);
  listen(
    doc,
    'keydown',
    (event) => {
      if (isEnter(event)) leaving(event);
    },
    true,
  );
  listen(
    doc,
    'submit',
    (event) => {
      // Only a form with a password is a password login on its way; an identifier-first step's
      // Continue submits the identifier itself.
      const form = event.composedPath()[0];
      if (typeof form === 'object' && form !== null && 'querySelector' in form && typeof form.querySelector === 'function') {
        if (form.querySelector('input[type="password"]') !== null) {
          submittedAt = now();
          passwordLogin?.();
        }
      }
    },
    true,
  );

  return {
    useOverrides(ownerSelectors) {
      watch.setOverrides(ownerSelectors);
    },
    onPasswordLogin(listener) {
      passwordLogin = listener;
    },
    onIdentifierField(listener) {
      identifierField = listener;
      // Fields found before anyone listened (detection runs from the first moment).
      for (const field of fieldsFound) if (field.isConnected) listener(field);
    },
    stop() {
      stopped = true;
      watch.stop();
      for (const cleanup of cleanups) cleanup();
    },
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
