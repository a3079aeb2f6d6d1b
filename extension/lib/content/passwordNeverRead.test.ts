import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeLoginPage, FakeElement, FakeMutationObserver } from './fakeLoginPage.ts';
import { snapshotPage } from './formSnapshot.ts';
import { watchIdentifierEntry } from './identifierWatcher.ts';

class FakeKeyboardEvent extends Event {
  readonly isComposing = false;
  constructor(
    type: string,
    readonly key: string,
  ) {
    super(type);
  }
}

/** ARCHITECTURE §2: the extension never reads password values. */
describe('password values are never read', () => {
  beforeEach(() => {
    vi.stubGlobal('Element', FakeElement);
    vi.stubGlobal('MutationObserver', FakeMutationObserver);
    vi.stubGlobal('KeyboardEvent', FakeKeyboardEvent);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('snapshotting the page leaves the password value alone (its getter throws)', () => {
    const page = fakeLoginPage();
    const { snapshot } = snapshotPage(page.document);
    expect(snapshot.fields.map((field) => field.type)).toEqual(['text', 'password', 'submit']);
    expect(JSON.stringify(snapshot)).not.toContain('value');
    expect(page.password.valueReads).toEqual([]);
  });

  it('watching for the identifier reads only the identifier, on blur and Enter', () => {
    const page = fakeLoginPage();
    const seen: string[] = [];
    const stop = watchIdentifierEntry(page.document, (username) => seen.push(username));
    page.username.value = ' alice ';
    page.username.dispatchEvent(new Event('blur'));
    page.password.dispatchEvent(new Event('blur'));
    page.password.dispatchEvent(new FakeKeyboardEvent('keydown', 'Enter'));
    page.username.dispatchEvent(new FakeKeyboardEvent('keydown', 'Enter'));
    stop();
    expect(seen).toEqual(['alice', 'alice']);
    expect(page.password.valueReads).toEqual([]);
  });
});
