/**
 * DOM reads that a page cannot shadow. A form's named controls override its own properties
 * (`<input name="contains">` makes `form.contains` that input, and calling it throws), so code
 * that runs on every partner page reads methods and getters from the element's prototype, which
 * named controls cannot reach. The prototype also belongs to the element's own window, which
 * keeps this working in unit tests whose DOM is not the global one.
 */

function fromPrototype(target: object, name: string): unknown {
  const prototype: unknown = Object.getPrototypeOf(target);
  return typeof prototype === 'object' && prototype !== null ? Reflect.get(prototype, name, target) : undefined;
}

function callMethod(target: object, name: string, ...args: unknown[]): unknown {
  const method = fromPrototype(target, name);
  if (typeof method !== 'function') throw new TypeError(`no DOM method ${name}`);
  return Reflect.apply(method, target, args);
}

export function contains(container: Node, other: Node): boolean {
  return callMethod(container, 'contains', other) === true;
}

/** `Node.compareDocumentPosition`: a bit mask of DOCUMENT_POSITION_* flags. */
export function position(reference: Node, other: Node): number {
  const mask = callMethod(reference, 'compareDocumentPosition', other);
  return typeof mask === 'number' ? mask : 0;
}

export function attribute(element: Element, name: string): string | null {
  const value = callMethod(element, 'getAttribute', name);
  return typeof value === 'string' ? value : null;
}

/** The parent element (the getter runs with the element as `this`, past any named control). */
export function parentOf(node: Node): Element | null {
  const parent = fromPrototype(node, 'parentElement');
  return typeof parent === 'object' && parent !== null && 'tagName' in parent ? (parent as Element) : null;
}
