import type { Page } from 'puppeteer-core';

/**
 * A CDP virtual authenticator answers a conditional get (passkey autofill) at once with the
 * first passkey it holds, as if the person had picked it before the field was even focused.
 * Real browsers wait for the pick. This page script gives every tab the real browser's timing:
 * a conditional get waits until the spec picks (`pickAutofillPasskey`), or ends when aborted;
 * then the browser itself answers it. Everything else goes to the browser untouched.
 */
export async function autofillWaitsForAPick(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(`(() => {
    const original = navigator.credentials.get.bind(navigator.credentials);
    const state = { waiting: 0, aborted: 0, pick: undefined };
    Object.defineProperty(window, '__pkcAutofill', { value: state });
    navigator.credentials.get = (options) => {
      if (!options || options.mediation !== 'conditional') return original(options);
      return new Promise((resolve, reject) => {
        const signal = options.signal;
        const end = () => { state.waiting -= 1; state.pick = undefined; };
        const abort = () => { end(); state.aborted += 1; reject(signal.reason ?? new DOMException('aborted', 'AbortError')); };
        state.waiting += 1;
        if (signal) {
          if (signal.aborted) return abort();
          signal.addEventListener('abort', abort, { once: true });
        }
        state.pick = () => { signal?.removeEventListener('abort', abort); end(); original(options).then(resolve, reject); };
      });
    };
  })();`);
}

export interface AutofillState {
  waiting: number;
  aborted: number;
}

export function autofillState(page: Page): Promise<AutofillState> {
  return page.evaluate('({ waiting: window.__pkcAutofill.waiting, aborted: window.__pkcAutofill.aborted })') as Promise<AutofillState>;
}

/** The person picks the first passkey the field's autofill offers. */
export async function pickAutofillPasskey(page: Page): Promise<void> {
  const picked = await page.evaluate('(() => { const pick = window.__pkcAutofill.pick; if (!pick) return false; pick(); return true; })()');
  if (picked !== true) throw new Error('no passkey autofill request is waiting');
}
