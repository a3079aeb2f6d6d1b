import type { FormOverrides } from '@pkc/shared';

/** Site-owner overrides resolved against one snapshot: indexes into its fields. */
export interface OverrideIndexes {
  username?: number;
  password?: number;
  submit?: number;
}

/**
 * Turns the CSS selectors a site owner registered (for the rare page the heuristics miss) into
 * snapshot indexes. Uses `Element.matches`, so it works for fields inside open shadow roots
 * too. A selector the browser rejects is ignored rather than breaking detection.
 */
export function resolveOverrides(elements: readonly Element[], overrides: FormOverrides): OverrideIndexes {
  const resolved: OverrideIndexes = {};
  for (const role of ['username', 'password', 'submit'] as const) {
    const selector = overrides[role];
    if (selector === undefined) continue;
    const index = elements.findIndex((element) => safeMatches(element, selector));
    if (index >= 0) resolved[role] = index;
  }
  return resolved;
}

function safeMatches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}
