import { position } from './domCalls.ts';

/**
 * Merges two lists that are each in document order (the controls of one tag, the headings of
 * one tag) into one. Any element may be a <form> (`<form role="button">`), hence `position`.
 */
export function mergeInOrder(a: Element[], b: Element[]): Element[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: Element[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const left = a[i];
    const right = b[j];
    if (left === undefined || right === undefined) break;
    // DOCUMENT_POSITION_FOLLOWING (4): `right` comes after `left`.
    if (position(left, right) & 4) {
      out.push(left);
      i++;
    } else {
      out.push(right);
      j++;
    }
  }
  return out.concat(a.slice(i), b.slice(j));
}
