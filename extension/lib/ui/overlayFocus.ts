/**
 * Whether the overlay may move keyboard focus to itself when a view appears. It does, so
 * keyboard users land on its first button — except while the user is typing in one of the
 * page's own fields (say the password, right after the identifier): stealing focus there
 * would swallow keystrokes meant for the site's form. The overlay stays reachable with Tab
 * (its host is the last element of the body) and Escape dismisses it.
 */
export function shouldTakeFocus(active: Element | null): boolean {
  if (active === null) return true;
  const tag = active.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return false;
  if (tag === 'INPUT') {
    const type = (active.getAttribute('type') ?? 'text').toLowerCase();
    return NON_TEXT_INPUTS.has(type);
  }
  return !('isContentEditable' in active && active.isContentEditable === true);
}

const NON_TEXT_INPUTS = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'image', 'file', 'range', 'color', 'hidden']);

/**
 * The element that really has focus: `document.activeElement` stops at a shadow host, so a
 * password typed into a form inside a web component would look like "nothing focused".
 */
export function focusedElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
