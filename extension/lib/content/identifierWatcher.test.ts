import { describe, expect, it } from 'vitest';
import { testDocument } from '../formDetection/testPage.ts';
import { watchIdentifierEntry } from './identifierWatcher.ts';

const SIGN_UP = `<form id="signup"><h2>Create your account</h2><input id="name" autocomplete="name"><input id="email" type="email" autocomplete="email">
  <input id="new" type="password" autocomplete="new-password"><button>Create account</button></form>`;
const SIGN_IN_DIALOG = `<div id="dialog" hidden><form id="login"><h2>Sign in</h2><input id="username" autocomplete="username">
  <input id="password" type="password" autocomplete="current-password"><button>Sign in</button></form></div>`;

/** Types into a field and leaves it, as the page's own DOM would report it (blur is composed). */
function typeAndLeave(field: Element | null | undefined, value: string): void {
  if (field === null || field === undefined) throw new Error('no such field');
  const view = field.ownerDocument.defaultView;
  if (view === null) throw new Error('no window');
  (field as HTMLInputElement).value = value;
  field.dispatchEvent(new view.FocusEvent('blur', { composed: true }));
}

/** One keystroke's worth of `input` (composed, like the browser's). */
function typeInto(field: Element | null | undefined, value: string): void {
  if (field === null || field === undefined) throw new Error('no such field');
  const view = field.ownerDocument.defaultView;
  if (view === null) throw new Error('no window');
  (field as HTMLInputElement).value = value;
  field.dispatchEvent(new view.InputEvent('input', { composed: true, bubbles: true }));
}

function watched(body: string) {
  const doc = testDocument(body, 'Shop');
  const entered: string[] = [];
  const stop = watchIdentifierEntry(doc, (username) => entered.push(username));
  return { doc, entered, stop };
}

describe('watchIdentifierEntry', () => {
  it('reports an identifier left in a sign-in dialog the page showed by an attribute change, at once', () => {
    const { doc, entered, stop } = watched(SIGN_UP + SIGN_IN_DIALOG);
    // A sign-up form's email is no identifier to sign in with.
    typeAndLeave(doc.getElementById('email'), 'alice@example.com');
    expect(entered).toEqual([]);

    doc.getElementById('dialog')?.removeAttribute('hidden');
    typeAndLeave(doc.getElementById('username'), ' alice ');
    expect(entered).toEqual(['alice']);
    stop();
    typeAndLeave(doc.getElementById('username'), 'bob');
    expect(entered).toEqual(['alice']);
  });

  it('sees the identifier of a form inside an open shadow root when focus leaves the root', () => {
    const { doc, entered, stop } = watched('<login-card></login-card>');
    const host = doc.querySelector('login-card');
    const root = host?.attachShadow({ mode: 'open' });
    if (root === undefined) throw new Error('no shadow root');
    root.innerHTML = SIGN_IN_DIALOG.replace(' hidden', '');
    typeAndLeave(root.getElementById('username'), 'alice');
    expect(entered).toEqual(['alice']);
    stop();
  });

  it('sees an identifier typed into a shadow-root form that appeared a moment ago, focus staying inside the root', () => {
    const { doc, entered, stop } = watched('<main id="app"></main>');
    // Rendered after the first detection, and left before a debounced one could run.
    const host = doc.createElement('login-card');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = SIGN_IN_DIALOG.replace(' hidden', '');
    doc.getElementById('app')?.append(host);
    const username = root.getElementById('username');
    typeInto(username, 'alice');
    // Focus moving to the password of the same root: that blur stops at the shadow root.
    const view = doc.defaultView;
    if (username === null || view === null) throw new Error('fixture broken');
    username.dispatchEvent(new view.FocusEvent('blur', { composed: false }));
    expect(entered).toEqual(['alice']);
    stop();
  });
});
