import type { FieldSnapshot, FormSnapshot, GroupSnapshot } from './snapshotTypes.ts';

/** Controls detection looks at; `[role=button]` covers the div/span "Next" buttons of SPAs. */
const CONTROL_SELECTOR = 'input, button, select, textarea, [role="button"]';
const HEADING_SELECTOR = 'h1, h2, h3, h4, legend, [role="heading"]';
const TEXT_LIMIT = 80;

export interface TakenSnapshot {
  snapshot: FormSnapshot;
  /** `elements[i]` is the element of `snapshot.fields[i]`; kept apart so the snapshot stays plain data. */
  elements: Element[];
}

/**
 * Reads the controls of `root` and of every open shadow root inside it, in document order per
 * root. Closed shadow roots are out of reach by design of the platform.
 */
export function takeFormSnapshot(root: Document): TakenSnapshot {
  const elements: Element[] = [];
  const fields: FieldSnapshot[] = [];
  const groups: GroupSnapshot[] = [];
  const groupOf = new Map<Node, number>();

  const forms: Array<HTMLFormElement | null> = [];
  const groupFor = (element: Element, looseKey: Node): number => {
    const form = owningForm(element);
    const key: Node = form ?? looseKey;
    const known = groupOf.get(key);
    if (known !== undefined) return known;
    const index = groups.length;
    groups.push({ index, isForm: form !== null, attributes: '', headingText: '' });
    forms.push(form);
    groupOf.set(key, index);
    return index;
  };

  for (const scope of searchRoots(root)) {
    const controls = scope.querySelectorAll(CONTROL_SELECTOR);
    for (let i = 0; i < controls.length; i++) {
      const element = controls[i];
      // Hidden inputs can never be typed into; ASP.NET pages carry dozens of them.
      if (element === undefined || (element.tagName === 'INPUT' && lower(element.getAttribute('type')) === 'hidden')) continue;
      const field = describeControl(element, scope, fields.length);
      field.group = groupFor(element, scope);
      fields.push(field);
      elements.push(element);
    }
  }
  // Headings cost DOM walks: only read them for forms someone could type into.
  for (const field of fields) {
    const group = groups[field.group];
    const form = forms[field.group];
    if (group === undefined || form == null || group.attributes !== '' || !field.visible) continue;
    if (field.tag !== 'input' || /^(submit|button|image|checkbox|radio|reset|file|range|color)$/.test(field.type)) continue;
    describeForm(form, group);
  }
  return { snapshot: { fields, groups, pageText: pageText(root) }, elements };
}

/** The document plus every open shadow root below it (nested ones too). */
function searchRoots(doc: Document): Array<Document | ShadowRoot> {
  const roots: Array<Document | ShadowRoot> = [doc];
  for (let i = 0; i < roots.length; i++) {
    const scope = roots[i];
    if (scope === undefined) break;
    const all = scope.querySelectorAll('*');
    for (let j = 0; j < all.length; j++) {
      const shadow = all[j]?.shadowRoot;
      if (shadow) roots.push(shadow);
    }
  }
  return roots;
}

function describeControl(element: Element, scope: Document | ShadowRoot, index: number): FieldSnapshot {
  const tag = element.tagName.toLowerCase();
  const rawType = (element.getAttribute('type') ?? '').toLowerCase();
  let kind: FieldSnapshot['tag'];
  let type: string;
  if (tag === 'input') {
    kind = 'input';
    type = rawType || 'text';
  } else if (tag === 'button' || tag === 'select' || tag === 'textarea') {
    kind = tag;
    type = tag === 'button' ? rawType || 'submit' : tag;
  } else {
    // role=button on some other element: a scripted button.
    kind = 'button';
    type = 'button';
  }
  const isButtonLike = kind === 'button' || (kind === 'input' && /^(submit|button|image)$/.test(type));
  return {
    index,
    tag: kind,
    type,
    name: lower(element.getAttribute('name')),
    id: lower(element.id),
    autocomplete: lower(element.getAttribute('autocomplete')),
    placeholder: lower(element.getAttribute('placeholder')),
    ariaLabel: lower(element.getAttribute('aria-label')),
    labelText: kind === 'button' ? '' : labelText(element, scope),
    text: isButtonLike ? buttonText(element) : '',
    className: lower(element.getAttribute('class')),
    visible: type !== 'hidden' && isVisible(element),
    disabled: element.hasAttribute('disabled'),
    group: -1,
  };
}

function owningForm(element: Element): HTMLFormElement | null {
  const form: unknown = 'form' in element ? element.form : undefined;
  if (form !== undefined && form !== null && typeof form === 'object' && 'tagName' in form) {
    return form as HTMLFormElement;
  }
  const closest = element.closest('form');
  return closest;
}

function describeForm(form: HTMLFormElement, group: GroupSnapshot): void {
  // Never empty once described (the spaces), so a form is described once.
  group.attributes = ['id', 'name', 'class', 'action'].map((name) => lower(form.getAttribute(name))).join(' ');
  const headings: string[] = [];
  const inside = form.querySelector(HEADING_SELECTOR);
  if (inside !== null) headings.push(shortText(inside.textContent));
  const before = headingBefore(form);
  if (before !== '') headings.push(before);
  group.headingText = headings.join(' | ');
}

/**
 * The heading a reader sees just above the form: walks back over a few preceding siblings of
 * the form and of its closest ancestors. Bounded so a huge page costs no more than a small one.
 */
function headingBefore(form: Element): string {
  let node: Element | null = form;
  for (let level = 0; node !== null && level < 4; level++, node = node.parentElement) {
    let sibling = node.previousElementSibling;
    for (let step = 0; sibling !== null && step < 3; step++, sibling = sibling.previousElementSibling) {
      const heading = sibling.matches(HEADING_SELECTOR) ? sibling : sibling.querySelector(HEADING_SELECTOR);
      if (heading !== null) return shortText(heading.textContent);
    }
  }
  return '';
}

function labelText(element: Element, scope: Document | ShadowRoot): string {
  const parts: string[] = [];
  const labels: unknown = 'labels' in element ? element.labels : undefined;
  if (labels !== null && labels !== undefined && typeof labels === 'object' && 'length' in labels) {
    for (const label of Array.from(labels as ArrayLike<Element>)) parts.push(label.textContent ?? '');
  } else {
    const wrapping = element.closest('label');
    if (wrapping !== null) parts.push(wrapping.textContent ?? '');
    if (element.id !== '') {
      const byFor = scope.querySelector(`label[for="${cssEscape(element.id)}"]`);
      if (byFor !== null && byFor !== wrapping) parts.push(byFor.textContent ?? '');
    }
  }
  parts.push(element.getAttribute('title') ?? '');
  return shortText(parts.join(' '));
}

function buttonText(element: Element): string {
  const value = element.tagName === 'INPUT' ? element.getAttribute('value') ?? element.getAttribute('alt') ?? '' : element.textContent ?? '';
  return shortText(value);
}

function pageText(doc: Document): string {
  const heading = doc.querySelector('h1');
  return shortText(`${doc.title} | ${heading?.textContent ?? ''}`);
}

function isVisible(element: Element): boolean {
  if (element.hasAttribute('hidden')) return false;
  if ('checkVisibility' in element && typeof element.checkVisibility === 'function') {
    return element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  }
  // DOMs without layout (tests): only inline styles can tell.
  const style = lower(element.getAttribute('style'));
  return !/display:\s*none|visibility:\s*hidden/.test(style);
}

function shortText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, TEXT_LIMIT).toLowerCase();
}

function lower(value: string | null | undefined): string {
  return (value ?? '').slice(0, TEXT_LIMIT * 2).toLowerCase();
}

function cssEscape(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}
