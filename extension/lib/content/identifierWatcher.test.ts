import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testDocument } from '../formDetection/testPage.ts';
import { watchIdentifierEntry, type IdentifierEntry } from './identifierWatcher.ts';

const SIGN_UP = `<form id="signup"><h2>Create your account</h2><input id="name" autocomplete="name"><input id="email" type="email" autocomplete="email">
  <input id="new" type="password" autocomplete="new-password"><button>Create account</button></form>`;
const SIGN_IN_DIALOG = `<div id="dialog" hidden><form id="login"><h2>Sign in</h2><input id="username" autocomplete="username">
  <input id="password" type="password" autocomplete="current-password"><button>Sign in</button></form></div>`;
const SIGN_IN = SIGN_IN_DIALOG.replace(' hidden', '');

function viewOf(field: Element): Window & typeof globalThis {
  const view = field.ownerDocument.defaultView;
  if (view === null) throw new Error('no window');
  return view;
}

function existing(field: Element | null | undefined): HTMLInputElement {
  if (field === null || field === undefined) throw new Error('no such field');
  return field as HTMLInputElement;
}

/** One keystroke's worth of `input`, composed like the browser's. */
function typeInto(field: Element | null | undefined, value: string): void {
  const input = existing(field);
  input.value = value;
  input.dispatchEvent(new (viewOf(input).InputEvent)('input', { composed: true, bubbles: true }));
}

/** Focus leaves the field; `composed: false` is a move to another field of the same shadow root. */
function leave(field: Element | null | undefined, composed = true): void {
  const input = existing(field);
  input.dispatchEvent(new (viewOf(input).FocusEvent)('blur', { composed }));
}

function watched(body: string) {
  const doc = testDocument(body, 'Shop');
  const entries: IdentifierEntry[] = [];
  const { stop } = watchIdentifierEntry(doc, (entry) => entries.push(entry));
  const entered = () => entries.map((entry) => entry.username);
  return { doc, entries, entered, stop };
}

describe('watchIdentifierEntry', () => {
  // Rechecks run right after the event that asked for them: the tests let those timers run.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports an identifier left in a sign-in dialog the page showed by an attribute change', () => {
    const { doc, entered, stop } = watched(SIGN_UP + SIGN_IN_DIALOG);
    // A sign-up form's email is no identifier to sign in with.
    typeInto(doc.getElementById('email'), 'alice@example.com');
    leave(doc.getElementById('email'));
    vi.runAllTimers();
    expect(entered()).toEqual([]);

    doc.getElementById('dialog')?.removeAttribute('hidden');
    typeInto(doc.getElementById('username'), ' alice ');
    leave(doc.getElementById('username'));
    vi.runAllTimers();
    expect(entered()).toEqual(['alice']);
    stop();
    typeInto(doc.getElementById('username'), 'bob');
    leave(doc.getElementById('username'));
    vi.runAllTimers();
    expect(entered()).toEqual(['alice']);
  });

  it('sees the identifier of a form inside an open shadow root when focus leaves the root', () => {
    const { doc, entered, stop } = watched('<login-card></login-card>');
    const root = doc.querySelector('login-card')?.attachShadow({ mode: 'open' });
    if (root === undefined) throw new Error('no shadow root');
    root.innerHTML = SIGN_IN;
    typeInto(root.getElementById('username'), 'alice');
    leave(root.getElementById('username'));
    vi.runAllTimers();
    expect(entered()).toEqual(['alice']);
    stop();
  });

  it('sees an identifier typed into a shadow-root form that appeared a moment ago, focus staying inside the root', () => {
    const { doc, entered, stop } = watched('<main id="app"></main>');
    // Rendered after the first detection; the debounced one has not run yet.
    const host = doc.createElement('login-card');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = SIGN_IN;
    doc.getElementById('app')?.append(host);
    typeInto(root.getElementById('username'), 'alice');
    // The first keystroke's recheck runs; then the blur to the password stays inside the root.
    vi.advanceTimersByTime(0);
    leave(root.getElementById('username'), false);
    expect(entered()).toEqual(['alice']);
    stop();
  });

  it('never reports a field that is, or was, a password: one element reused for both steps, a "show password" eye', () => {
    // Step 1 of a form that keeps one <input>: the identifier; step 2 makes it the password.
    const reused = watched(SIGN_IN.replace('<input id="password" type="password" autocomplete="current-password">', ''));
    const field = existing(reused.doc.getElementById('username'));
    field.type = 'password';
    typeInto(field, 'hunter2-secret');
    leave(field);
    vi.runAllTimers();
    expect(reused.entered()).toEqual([]);
    reused.stop();

    // A lone password step, its field made type=text by the page's eye button.
    const eye = watched('<h1>Sign in</h1><form><input id="secret" type="password" name="account_key"><button>Sign in</button></form>');
    const secret = existing(eye.doc.getElementById('secret'));
    secret.type = 'text';
    typeInto(secret, 'hunter2-secret');
    leave(secret);
    vi.runAllTimers();
    expect(eye.entered()).toEqual([]);
    eye.stop();
  });

  it('never reports a password made visible after it was typed: a reused element, a step rendered late', () => {
    // The identifier element becomes the password step, is typed into, then shown by an eye.
    const reused = watched(SIGN_IN.replace('<input id="password" type="password" autocomplete="current-password">', ''));
    const field = existing(reused.doc.getElementById('username'));
    field.type = 'password';
    typeInto(field, 'hunter2-secret');
    field.type = 'text';
    leave(field);
    vi.runAllTimers();
    expect(reused.entered()).toEqual([]);
    reused.stop();

    // A password step rendered after the last detection, typed into before the next one, shown by an eye.
    const late = watched('<h1>Sign in</h1><main id="app"></main>');
    late.doc
      .getElementById('app')
      ?.insertAdjacentHTML('beforeend', '<form><input id="key" type="password" name="account_key"><button>Sign in</button></form>');
    const key = existing(late.doc.getElementById('key'));
    typeInto(key, 'hunter2-secret');
    key.type = 'text';
    leave(key);
    vi.runAllTimers();
    expect(late.entered()).toEqual([]);
    late.stop();
  });

  it('dates an entry from the blur, not from the recheck after it: a password filled in between counts as moving on', () => {
    const { doc, entries, stop } = watched(SIGN_IN_DIALOG);
    doc.getElementById('dialog')?.removeAttribute('hidden');
    vi.advanceTimersByTime(5);
    // A password manager that sets the identifier without an input event, then a blur and the
    // password, all before the recheck the blur asked for runs.
    existing(doc.getElementById('username')).value = 'alice';
    leave(doc.getElementById('username'));
    typeInto(doc.getElementById('password'), 'secret');
    expect(entries).toHaveLength(0);
    vi.runAllTimers();
    expect(entries.map((entry) => entry.username)).toEqual(['alice']);
    expect(entries[0]?.movedOn()).toBe(true);
    stop();
  });

  it('does not count the submit of an identifier-first step as moving on', () => {
    const { doc, entries, stop } = watched(
      '<h1>Sign in</h1><form id="step"><input id="username" autocomplete="username"><button>Next</button></form>',
    );
    typeInto(doc.getElementById('username'), 'alice');
    const field = existing(doc.getElementById('username'));
    field.dispatchEvent(new (viewOf(field).KeyboardEvent)('keydown', { key: 'Enter', bubbles: true }));
    const form = doc.getElementById('step');
    form?.dispatchEvent(new (viewOf(field).Event)('submit', { bubbles: true }));
    vi.runAllTimers();
    expect(entries.map((entry) => entry.username)).toEqual(['alice']);
    expect(entries[0]?.movedOn()).toBe(false);
    stop();
  });

  it("takes the owner's selectors when they arrive, in the same watcher (what it learnt so far stays)", () => {
    const doc = testDocument(
      '<h1>Members</h1><form><input id="m" name="x" inputmode="numeric"><button id="go">Go</button></form>',
      'Members',
    );
    const entries: IdentifierEntry[] = [];
    const watch = watchIdentifierEntry(doc, (entry) => entries.push(entry));
    // Nothing here says "identifier" to the heuristics.
    typeInto(doc.getElementById('m'), '12345');
    leave(doc.getElementById('m'));
    vi.runAllTimers();
    expect(entries).toEqual([]);
    watch.useOverrides({ username: '#m', submit: '#go' });
    typeInto(doc.getElementById('m'), '123456');
    leave(doc.getElementById('m'));
    vi.runAllTimers();
    expect(entries.map((entry) => entry.username)).toEqual(['123456']);
    watch.stop();
  });

  it('says the person moved on once they type a password or submit after entering the identifier', () => {
    const { doc, entries, stop } = watched(SIGN_IN);
    typeInto(doc.getElementById('username'), 'alice');
    leave(doc.getElementById('username'));
    const [entry] = entries;
    expect(entry?.movedOn()).toBe(false);
    vi.advanceTimersByTime(5);
    typeInto(doc.getElementById('password'), 'x');
    expect(entry?.movedOn()).toBe(true);

    typeInto(doc.getElementById('username'), 'bob');
    leave(doc.getElementById('username'));
    const second = entries[1];
    expect(second?.movedOn()).toBe(false);
    vi.advanceTimersByTime(5);
    const form = doc.getElementById('login');
    form?.dispatchEvent(new (viewOf(existing(form)).Event)('submit', { bubbles: true }));
    expect(second?.movedOn()).toBe(true);
    stop();
  });

  it('tells when a password login starts (a keystroke in a password field, a password form submitted), and where the password goes', () => {
    const doc = testDocument(SIGN_IN, 'Shop');
    const entries: IdentifierEntry[] = [];
    const watch = watchIdentifierEntry(doc, (entry) => entries.push(entry));
    let passwordLogins = 0;
    watch.onPasswordLogin(() => (passwordLogins += 1));
    typeInto(doc.getElementById('username'), 'alice');
    leave(doc.getElementById('username'));
    vi.runAllTimers();
    expect(passwordLogins).toBe(0);
    expect(entries[0]?.headingTo()).toBe(doc.getElementById('password'));
    typeInto(doc.getElementById('password'), 's');
    expect(passwordLogins).toBe(1);
    const form = doc.getElementById('login');
    form?.dispatchEvent(new (viewOf(existing(form)).Event)('submit', { bubbles: true }));
    expect(passwordLogins).toBe(2);
    // A password field no longer on the page is nowhere to go.
    doc.getElementById('password')?.remove();
    expect(entries[0]?.headingTo()).toBeUndefined();
    watch.stop();
  });
});
