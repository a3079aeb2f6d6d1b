import { describe, expect, it } from 'vitest';
import { takeFormSnapshot } from '../formDetection/snapshot.ts';
import { testDocument } from '../formDetection/testPage.ts';
import { watchIdentifierEntry } from './identifierWatcher.ts';

/** A login page whose password input records every read of its value. */
function loginPageWithWatchedPassword() {
  const doc = testDocument(
    '<form><input id="username" name="username" autocomplete="username"><input id="password" type="password" autocomplete="current-password"><button>Sign in</button></form>',
    'Sign in',
  );
  const password = doc.getElementById('password');
  const username = doc.getElementById('username');
  if (!password || !username) throw new Error('fixture broken');
  const reads: string[] = [];
  Object.defineProperty(password, 'value', {
    get() {
      reads.push('value');
      throw new Error('the password value was read');
    },
  });
  return { doc, username, password, reads };
}

/** ARCHITECTURE §2: the extension never reads password values. */
describe('password values are never read', () => {
  it('snapshotting the page leaves the password value alone', () => {
    const page = loginPageWithWatchedPassword();
    const { snapshot } = takeFormSnapshot(page.doc);
    expect(JSON.stringify(snapshot)).not.toContain('"value"');
    expect(page.reads).toEqual([]);
  });

  it('watching for the identifier reads only the identifier, on input, blur and Enter', () => {
    const page = loginPageWithWatchedPassword();
    const seen: string[] = [];
    const { stop } = watchIdentifierEntry(page.doc, (entry) => seen.push(entry.username));
    // The test DOM's own Event class: a DOM only dispatches events made by its own window.
    const PageEvent = (page.doc.defaultView as unknown as { Event: typeof Event }).Event;
    const enter = () => Object.assign(new PageEvent('keydown'), { key: 'Enter' });
    (page.username as HTMLInputElement).value = ' alice ';
    page.username.dispatchEvent(new PageEvent('blur'));
    // Typing into the password (the listeners that make detection look again see it too).
    page.password.dispatchEvent(new PageEvent('input', { composed: true }));
    page.password.dispatchEvent(new PageEvent('blur'));
    page.password.dispatchEvent(enter());
    page.username.dispatchEvent(enter());
    stop();
    expect(seen).toEqual(['alice', 'alice']);
    expect(page.reads).toEqual([]);
  });
});
