/**
 * The part of the watcher benchmark that runs inside the page (bundled into an IIFE by
 * watchCost.ts): a feed that keeps changing, optionally watched the way the content script does.
 */
import { watchLoginForm } from '../../extension/lib/formDetection/watchLoginForm.ts';

let stopWatching: (() => void) | undefined;

/**
 * 'watcher': `watchLoginForm` as the content script starts it. 'bare-observer': a
 * MutationObserver on the same tree that does nothing, the price of observing at all, which no
 * watcher can go below.
 */
export type Watching = 'watcher' | 'bare-observer';

function startWatching(how: Watching): void {
  if (how === 'watcher') {
    stopWatching = watchLoginForm(document, () => undefined).stop;
    return;
  }
  const observer = new MutationObserver(() => undefined);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  stopWatching = () => observer.disconnect();
}

function stop(): void {
  stopWatching?.();
  stopWatching = undefined;
}

/** One feed item; `withControl` gives it a button, which the watcher has to look at. */
function feedItem(n: number, withControl: boolean): HTMLElement {
  const item = document.createElement('article');
  item.innerHTML = `<h3>Item ${n}</h3><p>Some <b>text</b> for item ${n}, <span>with</span> <i>markup</i>.</p>${withControl ? '<button type="button">Like</button>' : ''}`;
  return item;
}

/**
 * `tasks` separate tasks (the way a live page updates: a timer, a socket message), each adding
 * `perTask` items at the top of the feed and dropping as many at the bottom.
 */
function churn(tasks: number, perTask: number, withControl: boolean): Promise<void> {
  const feed = document.getElementById('feed');
  if (feed === null) throw new Error('benchmark page has no feed');
  const channel = new MessageChannel();
  let done = 0;
  let n = 0;
  return new Promise((resolve) => {
    channel.port1.onmessage = () => {
      for (let i = 0; i < perTask; i++) {
        feed.prepend(feedItem(n++, withControl));
        feed.lastElementChild?.remove();
      }
      done += 1;
      if (done < tasks) channel.port2.postMessage(null);
      else resolve();
    };
    channel.port2.postMessage(null);
  });
}

const api = { startWatching, stop, churn };
export type BenchApi = typeof api;

Object.assign(globalThis, { __pkcBench: api });
