import type { FieldSnapshot, FormSnapshot, GroupSnapshot } from './snapshotTypes.ts';
import { collectControls, shadowRoots } from './controls.ts';
import { detectLoginForm } from './detectLoginForm.ts';
import { attribute } from './domCalls.ts';
import { LIKELY_IDENTIFIER_SCORE, identifierScore, isPassword } from './fieldRoles.ts';
import { HeadingIndex } from './headings.ts';
import { LabelIndex } from './labelIndex.ts';

const TEXT_LIMIT = 80;

export interface TakenSnapshot {
  snapshot: FormSnapshot;
  /** `elements[i]` is the element of `snapshot.fields[i]`; kept apart so the snapshot stays plain data. */
  elements: Element[];
}

/**
 * Reads the controls of `root` and, when its light DOM holds no login form, of every open
 * shadow root inside it, in document order per root. Closed shadow roots are out of reach by
 * design of the platform. Checkboxes, radios and other inputs no sign-in is typed into are left
 * out, as are hidden inputs.
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

  const labels = new LabelIndex();
  const headings = new HeadingIndex();
  const readScope = (scope: Document | ShadowRoot): void => {
    const firstOfScope = fields.length;
    for (const element of collectControls(scope)) {
      const field = describeControl(element, scope, fields.length, labels);
      field.group = groupFor(element, scope);
      fields.push(field);
      elements.push(element);
    }
    // Headings cost DOM searches: only read them where a decision will look at them.
    for (const field of fields.slice(firstOfScope)) {
      const group = groups[field.group];
      const form = forms[field.group];
      if (group === undefined || !canMakeLoginCandidate(field)) continue;
      if (form === null) {
        const element = elements[field.index];
        const above = element === undefined ? null : headings.around(element, scope).before;
        if (above !== null) field.headingText = shortText(above.textContent);
      } else if (form !== undefined && group.attributes === '') {
        describeForm(form, group, headings.around(form, scope));
      }
    }
  };

  const heading = root.querySelector('h1');
  const snapshot: FormSnapshot = { fields, groups, pageText: shortText(`${root.title} | ${heading?.textContent ?? ''}`) };
  if (heading !== null) snapshot.mainHeading = shortText(heading.textContent);
  readScope(root);
  // Finding open shadow roots means visiting every element of the page. A page whose light DOM
  // holds a login form, or shows a password field at all (a sign-up form, say), has its forms
  // there; only the other pages (an app shell of web components, say) pay for the walk.
  const showsPassword = fields.some((f) => f.visible && f.tag === 'input' && f.type === 'password');
  if (!showsPassword && detectLoginForm(snapshot) === null) {
    for (const scope of shadowRoots(root)) readScope(scope);
  }
  return { snapshot, elements };
}

const HIDDEN_CONTROL = {
  name: '',
  id: '',
  autocomplete: '',
  placeholder: '',
  ariaLabel: '',
  labelText: '',
  text: '',
  className: '',
  visible: false,
  disabled: false,
  group: -1,
} as const;

function describeControl(element: Element, scope: Document | ShadowRoot, index: number, labels: LabelIndex): FieldSnapshot {
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
  const visible = isVisible(element);
  // No decision looks past the visibility of a hidden control (a closed dialog's form, a menu):
  // skipping its other reads halves the snapshot of pages full of them.
  if (!visible) return { ...HIDDEN_CONTROL, index, tag: kind, type };
  const isButtonLike = kind === 'button' || (kind === 'input' && /^(submit|button|image)$/.test(type));
  // Labels cost DOM searches: only inputs a person types into pay.
  const typed = kind === 'input' && TYPED_INPUT.test(type);
  const field: FieldSnapshot = {
    index,
    tag: kind,
    type,
    name: lower(element.getAttribute('name')),
    id: lower(element.id),
    autocomplete: lower(element.getAttribute('autocomplete')),
    placeholder: lower(element.getAttribute('placeholder')),
    ariaLabel: lower(element.getAttribute('aria-label')),
    labelText: typed ? labelText(element, scope, labels) : '',
    text: isButtonLike ? buttonText(element) : '',
    className: lower(element.getAttribute('class')),
    visible,
    disabled: element.hasAttribute('disabled'),
    group: -1,
  };
  return field;
}

/** Inputs a person types into, the password included. */
const TYPED_INPUT = /^(text|email|tel|number|url|search|password)$/;

/**
 * A form is a login candidate only through a visible password field or a field that looks
 * like the identifier (detectLoginForm.ts); a search box or a quantity field never makes one.
 */
function canMakeLoginCandidate(field: FieldSnapshot): boolean {
  return field.visible && (isPassword(field) || (identifierScore(field) ?? 0) >= LIKELY_IDENTIFIER_SCORE);
}

function owningForm(element: Element): HTMLFormElement | null {
  const form: unknown = 'form' in element ? element.form : undefined;
  if (form !== undefined && form !== null && typeof form === 'object' && 'tagName' in form) {
    return form as HTMLFormElement;
  }
  const closest = element.closest('form');
  return closest;
}

function describeForm(form: HTMLFormElement, group: GroupSnapshot, headings: { inside: Element | null; before: Element | null }): void {
  // Never empty once described (the spaces), so a form is described once.
  group.attributes = ['id', 'name', 'class', 'action'].map((name) => lower(attribute(form, name))).join(' ');
  // The form's own heading says what it is; the one above it only when it has none ("Sign in"
  // inside a form that follows "Create an account" is a sign-in).
  const heading = headings.inside ?? headings.before;
  group.headingText = heading === null ? '' : shortText(heading.textContent);
}

function labelText(element: Element, scope: Document | ShadowRoot, labels: LabelIndex): string {
  const wrapping = element.closest('label');
  const parts = [wrapping?.textContent ?? ''];
  // A wrapping label that also names the field with `for` is the same label: read it once.
  if (element.id !== '' && wrapping?.getAttribute('for') !== element.id) parts.push(labels.textFor(scope, element.id));
  parts.push(element.getAttribute('title') ?? '');
  return shortText(parts.join(' '));
}

function buttonText(element: Element): string {
  const value =
    element.tagName === 'INPUT' ? (element.getAttribute('value') ?? element.getAttribute('alt') ?? '') : (element.textContent ?? '');
  return shortText(value);
}

/**
 * Live pages have layout: `checkVisibility` sees display:none ancestors, closed <dialog>s,
 * `hidden`, visibility and opacity. DOMs without layout (tests) fall back to attributes.
 */
function isVisible(element: Element): boolean {
  if (element.hasAttribute('hidden')) return false;
  if ('checkVisibility' in element && typeof element.checkVisibility === 'function') {
    return element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  }
  return element.closest(HIDDEN_BY_MARKUP) === null;
}

const HIDDEN_BY_MARKUP =
  '[hidden], template, dialog:not([open]), [style*="display:none"], [style*="display: none"], [style*="visibility:hidden"], [style*="visibility: hidden"]';

function shortText(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, TEXT_LIMIT).toLowerCase();
}

function lower(value: string | null | undefined): string {
  return (value ?? '').slice(0, TEXT_LIMIT * 2).toLowerCase();
}
