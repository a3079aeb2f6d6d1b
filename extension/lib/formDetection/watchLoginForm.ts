import type { FormOverrides } from '@pkc/shared';
import { detectLoginForm, type Detection } from './detectLoginForm.ts';
import { resolveOverrides } from './overrides.ts';
import { takeFormSnapshot } from './snapshot.ts';

const CONTROL_SELECTOR = 'input, button, select, textarea, [role="button"]';

export interface FoundLoginForm {
  detection: Detection;
  elements: { username?: HTMLInputElement; password?: HTMLInputElement; submit?: HTMLElement };
}

export interface WatchOptions {
  overrides?: FormOverrides;
  /** Quiet time after the last relevant DOM change before detecting again. */
  debounceMs?: number;
  /** Detection runs at most this often per page for the page's own changes, whatever the page does. */
  maxRuns?: number;
  /** And at most this often when asked to recheck (a person typing into or leaving a field). */
  maxRechecks?: number;
  /** Every password field each detection saw, shown or hidden: fields whose value is never to be read. */
  onPasswordFields?: (fields: readonly Element[]) => void;
}

export interface LoginFormWatch {
  /**
   * Detects again now. For the moment a person acts on a field detection doesn't know yet: the
   * page may have shown its form a moment ago (a sign-in dialog opened by a class change, a form
   * added within the debounce), or shown it in a way no observer sees.
   */
  recheck(): void;
  /** Site-owner selectors arrived (they win over the heuristics): detects again with them. */
  setOverrides(overrides: FormOverrides): void;
  stop(): void;
}

/**
 * Detects the login form now and again whenever the page adds form controls (single-page apps
 * render late, identifier-first flows swap the identifier step for the password step), and
 * when asked to recheck. `onDetected` is called when the detected form changes. Costs nearly
 * nothing on a page without forms: mutations that add no control are dropped by a cheap filter,
 * runs are debounced and capped.
 */
export function watchLoginForm(doc: Document, onDetected: (found: FoundLoginForm) => void, options: WatchOptions = {}): LoginFormWatch {
  const debounceMs = options.debounceMs ?? 150;
  const maxRuns = options.maxRuns ?? 20;
  const maxRechecks = options.maxRechecks ?? 50;
  const view = doc.defaultView;
  let overrides = options.overrides;
  let runs = 0;
  let rechecks = 0;
  let stopped = false;
  let lastElements: readonly (Element | undefined)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let observer: MutationObserver | undefined;

  const cancelPending = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const stopObserving = (): void => {
    observer?.disconnect();
    cancelPending();
  };

  const detect = (): void => {
    const { found, passwordFields } = detectSafely(doc, overrides);
    if (passwordFields.length > 0) options.onPasswordFields?.(passwordFields);
    if (found === null) return;
    const current = [found.elements.username, found.elements.password, found.elements.submit];
    // The same elements as last time: nothing changed for the caller.
    if (current.some((element, i) => element !== lastElements[i])) {
      lastElements = current;
      onDetected(found);
    }
  };

  const run = (): void => {
    timer = undefined;
    runs += 1;
    detect();
    if (runs >= maxRuns) stopObserving();
  };

  const watch: LoginFormWatch = {
    recheck() {
      if (stopped || rechecks >= maxRechecks) return;
      rechecks += 1;
      // A run due soon would find the same: this one takes its place.
      cancelPending();
      detect();
    },
    setOverrides(ownerSelectors) {
      overrides = ownerSelectors;
      if (!stopped) detect();
    },
    stop() {
      stopped = true;
      stopObserving();
    },
  };

  run();
  if (runs >= maxRuns || view === null || typeof view.MutationObserver !== 'function') return watch;
  observer = new view.MutationObserver((records) => {
    if (timer !== undefined || !recordsAddControls(records)) return;
    timer = setTimeout(run, debounceMs);
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  return watch;
}

/**
 * Detection over whatever a partner page holds. A page that trips it up (markup no rule
 * foresaw) must still work exactly as without the extension: an error is "no login form here".
 */
function detectSafely(doc: Document, overrides: FormOverrides | undefined): { found: FoundLoginForm | null; passwordFields: Element[] } {
  try {
    const { snapshot, elements } = takeFormSnapshot(doc);
    const detection = detectLoginForm(snapshot, overrides === undefined ? undefined : resolveOverrides(elements, overrides));
    const passwordFields = elements.filter((_, i) => snapshot.fields[i]?.tag === 'input' && snapshot.fields[i]?.type === 'password');
    return { found: detection === null ? null : toElements(detection, elements), passwordFields };
  } catch {
    return { found: null, passwordFields: [] };
  }
}

/** When the filter itself trips over the page's markup, detecting again is the safe answer. */
function recordsAddControls(records: MutationRecord[]): boolean {
  try {
    return records.some(addsControls);
  } catch {
    return true;
  }
}

/** Tags that are form controls themselves; `[role=button]` is checked apart. */
const CONTROL_TAGS = new Set(['input', 'button', 'select', 'textarea']);

/**
 * Cheap filter: did this mutation add an element that is or contains a form control? Runs for
 * every batch of changes on every partner page, so it avoids allocations and only searches the
 * subtree of an added element that has children.
 */
function addsControls(record: MutationRecord): boolean {
  const added = record.addedNodes;
  for (let i = 0; i < added.length; i++) {
    const node = added[i];
    if (node === undefined || node.nodeType !== 1) continue;
    const element = node as Element;
    const name = element.localName;
    // Custom elements may carry their fields in a shadow root the selector cannot see.
    if (CONTROL_TAGS.has(name) || name.includes('-') || element.getAttribute('role') === 'button') return true;
    if (element.firstElementChild !== null && element.querySelector(CONTROL_SELECTOR) !== null) return true;
  }
  return false;
}

function toElements(detection: Detection, elements: readonly Element[]): FoundLoginForm {
  const input = (index: number | undefined): HTMLInputElement | undefined => {
    const element = index === undefined ? undefined : elements[index];
    return element !== undefined && element.tagName === 'INPUT' ? (element as HTMLInputElement) : undefined;
  };
  const submitElement = detection.submit === undefined ? undefined : elements[detection.submit];
  return {
    detection,
    elements: {
      username: input(detection.username),
      password: input(detection.kind === 'password' ? detection.password : undefined),
      submit: submitElement !== undefined && 'click' in submitElement ? (submitElement as HTMLElement) : undefined,
    },
  };
}
