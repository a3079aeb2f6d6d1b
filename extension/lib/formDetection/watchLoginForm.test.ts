import { describe, expect, it, vi } from 'vitest';
import { testDocument } from './testPage.ts';
import { watchLoginForm, type FoundLoginForm } from './watchLoginForm.ts';

const LOGIN = '<form><input id="u" name="username"><input id="p" type="password"><button id="s">Log in</button></form>';

describe('watchLoginForm', () => {
  it('reports a login form that is already on the page, once', () => {
    const doc = testDocument(LOGIN, 'Sign in');
    const found: FoundLoginForm[] = [];
    const { stop } = watchLoginForm(doc, (f) => found.push(f));
    stop();
    expect(found).toHaveLength(1);
    expect(found[0]?.elements.username?.id).toBe('u');
    expect(found[0]?.elements.password?.id).toBe('p');
    expect(found[0]?.elements.submit?.id).toBe('s');
  });

  it('reports a form a single-page app renders late', async () => {
    const doc = testDocument('<main id="app"></main>', 'Sign in');
    const onDetected = vi.fn<(found: FoundLoginForm) => void>();
    const { stop } = watchLoginForm(doc, onDetected, { debounceMs: 5 });
    expect(onDetected).not.toHaveBeenCalled();
    doc.getElementById('app')?.insertAdjacentHTML('beforeend', LOGIN);
    await vi.waitFor(() => expect(onDetected).toHaveBeenCalledTimes(1), { timeout: 2000, interval: 5 });
    stop();
  });

  it('on recheck, finds a form the page showed without adding a node (a sign-in dialog opened)', () => {
    const doc = testDocument(`<button type="button">Sign in</button><div id="dialog" hidden><h2>Sign in</h2>${LOGIN}</div>`, 'Shop');
    const onDetected = vi.fn<(found: FoundLoginForm) => void>();
    const watch = watchLoginForm(doc, onDetected);
    expect(onDetected).not.toHaveBeenCalled();
    doc.getElementById('dialog')?.removeAttribute('hidden');
    watch.recheck();
    expect(onDetected).toHaveBeenCalledTimes(1);
    expect(onDetected.mock.calls[0]?.[0].elements.username?.id).toBe('u');
    // Nothing changed since: a second recheck reports nothing new.
    watch.recheck();
    expect(onDetected).toHaveBeenCalledTimes(1);
    watch.stop();
  });

  it('rechecks have their own cap, still answered after the page used up its runs', () => {
    const doc = testDocument('<main id="app"></main>', 'Sign in');
    const app = doc.getElementById('app');
    const onDetected = vi.fn<(found: FoundLoginForm) => void>();
    const watch = watchLoginForm(doc, onDetected, { maxRuns: 1, maxRechecks: 1 });
    app?.insertAdjacentHTML('beforeend', LOGIN);
    watch.recheck();
    expect(onDetected).toHaveBeenCalledTimes(1);
    // Another form in its place: past the cap, a recheck no longer detects.
    app?.replaceChildren();
    app?.insertAdjacentHTML('beforeend', LOGIN.replaceAll('id="', 'id="x'));
    watch.recheck();
    expect(onDetected).toHaveBeenCalledTimes(1);
    watch.stop();
  });

  it('answers no recheck after stop()', () => {
    const doc = testDocument('<main id="app"></main>', 'Sign in');
    const onDetected = vi.fn<(found: FoundLoginForm) => void>();
    const watch = watchLoginForm(doc, onDetected);
    watch.stop();
    doc.getElementById('app')?.insertAdjacentHTML('beforeend', LOGIN);
    watch.recheck();
    expect(onDetected).not.toHaveBeenCalled();
  });

  it('treats a page that makes detection throw as a page without a login form, and keeps watching', async () => {
    const doc = testDocument('<main id="app"></main>', 'Sign in');
    const realQuery = doc.querySelectorAll.bind(doc);
    // Markup no rule foresaw, stood in for by a document whose queries fail.
    Object.defineProperty(doc, 'querySelectorAll', {
      configurable: true,
      value: () => {
        throw new TypeError('page trips the snapshot');
      },
    });
    const onDetected = vi.fn<(found: FoundLoginForm) => void>();
    const { stop } = watchLoginForm(doc, onDetected, { debounceMs: 5 });
    expect(onDetected).not.toHaveBeenCalled();
    Object.defineProperty(doc, 'querySelectorAll', { configurable: true, value: realQuery });
    doc.getElementById('app')?.insertAdjacentHTML('beforeend', LOGIN);
    await vi.waitFor(() => expect(onDetected).toHaveBeenCalledTimes(1), { timeout: 2000, interval: 5 });
    stop();
  });

  it('ignores changes that add no form controls and stops after maxRuns', async () => {
    vi.useFakeTimers();
    try {
      const doc = testDocument('<main id="app"></main>');
      const onDetected = vi.fn<(found: FoundLoginForm) => void>();
      const { stop } = watchLoginForm(doc, onDetected, { debounceMs: 50, maxRuns: 2 });
      const app = doc.getElementById('app');
      app?.insertAdjacentHTML('beforeend', '<p>no controls here</p>');
      await vi.advanceTimersByTimeAsync(200);
      expect(vi.getTimerCount()).toBe(0);
      // Second and last allowed run.
      app?.insertAdjacentHTML('beforeend', LOGIN);
      await vi.advanceTimersByTimeAsync(200);
      expect(onDetected).toHaveBeenCalledTimes(1);
      // Past maxRuns the watcher is disconnected: a new form schedules nothing.
      app?.insertAdjacentHTML('beforeend', LOGIN.replaceAll('id="', 'id="x'));
      await vi.advanceTimersByTimeAsync(200);
      expect(vi.getTimerCount()).toBe(0);
      expect(onDetected).toHaveBeenCalledTimes(1);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
