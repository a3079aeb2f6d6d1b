import { mergeInOrder } from './documentOrder.ts';
import { contains, parentOf, position } from './domCalls.ts';

/** What reads as a heading over a form. */
const HEADING_TAGS = ['h1', 'h2', 'h3', 'h4', 'legend'] as const;
/**
 * How far up from a form a heading "above it" may sit: its own section, not the page's. (From a
 * lone field deep in an app's markup, four levels may reach the whole page: the nearest heading
 * above it is still the one that counts.)
 */
const ANCESTOR_LEVELS = 4;

// DOCUMENT_POSITION_FOLLOWING (4): the argument comes after the node it is compared with.
const FOLLOWING = 4;

/**
 * The headings of one scope in document order, found once per snapshot with one query per tag
 * (Chromium's fast path; a selector list "h1, h2, …" walked under every sibling of a form cost
 * 8 ms on one large saved page), then searched by position for each form.
 */
export class HeadingIndex {
  private readonly byScope = new Map<Document | ShadowRoot, Element[]>();

  /**
   * A form's own first heading (a legend, an "h2 Sign in" inside it) and the nearest heading
   * before it within its section, as a reader sees them from the form (or from a lone field).
   * A heading inside another form is that form's ("Create an account" over the sign-up before
   * a sign-in form), so it is passed over.
   */
  around(element: Element, scope: Document | ShadowRoot): { inside: Element | null; before: Element | null } {
    const headings = this.headingsOf(scope);
    const at = firstNotBefore(headings, element);
    const next = headings[at];
    const inside = next !== undefined && contains(element, next) ? next : null;
    const section = sectionOf(element);
    for (let i = at - 1; i >= 0; i--) {
      const previous = headings[i];
      if (previous === undefined || !contains(section, previous)) break;
      if (previous.closest('form') === null) return { inside, before: previous };
    }
    return { inside, before: null };
  }

  private headingsOf(scope: Document | ShadowRoot): Element[] {
    let headings = this.byScope.get(scope);
    if (headings === undefined) {
      headings = Array.from(scope.querySelectorAll('[role="heading"]'));
      for (const tag of HEADING_TAGS) headings = mergeInOrder(headings, Array.from(scope.querySelectorAll(tag)));
      this.byScope.set(scope, headings);
    }
    return headings;
  }
}

/** Index of the first heading that is not before `element` (inside it or after it): a binary search. */
function firstNotBefore(headings: Element[], element: Element): number {
  let low = 0;
  let high = headings.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const heading = headings[middle];
    // A heading inside the form counts as following it (CONTAINED_BY comes with FOLLOWING).
    if (heading === undefined || position(element, heading) & FOLLOWING) high = middle;
    else low = middle + 1;
  }
  return low;
}

function sectionOf(element: Element): Element {
  let section = element;
  for (let level = 0; level < ANCESTOR_LEVELS; level++) {
    const parent = parentOf(section);
    if (parent === null) break;
    section = parent;
  }
  return section;
}
