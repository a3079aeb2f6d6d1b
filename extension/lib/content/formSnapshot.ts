/**
 * A plain, serializable picture of the page's form fields (Bitwarden-style: snapshot the DOM
 * first, then decide with pure functions over the snapshot). It never includes any value:
 * the password field's value in particular is never read.
 */
export interface FieldSnapshot {
  /** Position in `fieldElements`, in document order. */
  index: number;
  kind: 'input' | 'button';
  /** Lowercased `type` (inputs default to "text", buttons to "submit"). */
  type: string;
  autocomplete: string;
  name: string;
  id: string;
  /** Visible text, aria-label or value of a button (never of an input). */
  label: string;
  visible: boolean;
  /** Index of the owning form in document order, or -1 for fields outside any form. */
  form: number;
}

export interface PageSnapshot {
  fields: FieldSnapshot[];
}

const FIELD_SELECTOR = 'input, button';

/** Reads the snapshot from `doc`; returns the elements too, so a decision can be mapped back. */
export function snapshotPage(doc: Document): { snapshot: PageSnapshot; elements: Element[] } {
  const forms = Array.from(doc.forms);
  const elements = Array.from(doc.querySelectorAll(FIELD_SELECTOR));
  const fields = elements.map((element, index): FieldSnapshot => {
    const isButton = element.tagName === 'BUTTON';
    const owner = 'form' in element && element.form instanceof Element ? element.form : null;
    return {
      index,
      kind: isButton ? 'button' : 'input',
      type: (element.getAttribute('type') ?? (isButton ? 'submit' : 'text')).toLowerCase(),
      autocomplete: (element.getAttribute('autocomplete') ?? '').toLowerCase(),
      name: element.getAttribute('name') ?? '',
      id: element.id,
      label: isButton || isButtonLikeInput(element) ? buttonLabel(element) : '',
      visible: isVisible(element),
      form: owner === null ? -1 : forms.indexOf(owner as HTMLFormElement),
    };
  });
  return { snapshot: { fields }, elements };
}

function isButtonLikeInput(element: Element): boolean {
  const type = (element.getAttribute('type') ?? '').toLowerCase();
  return element.tagName === 'INPUT' && (type === 'submit' || type === 'button');
}

function buttonLabel(element: Element): string {
  const text = element.tagName === 'INPUT' ? element.getAttribute('value') ?? '' : element.textContent ?? '';
  return (text.trim() || element.getAttribute('aria-label') || '').slice(0, 60).toLowerCase();
}

function isVisible(element: Element): boolean {
  if (element.getAttribute('type')?.toLowerCase() === 'hidden') return false;
  if ('checkVisibility' in element && typeof element.checkVisibility === 'function') {
    return element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  }
  return element.getClientRects().length > 0;
}
