/*
 * Turning what was typed into the values a shared schema checks. Nothing is judged here: a
 * mistyped number stays text so the schema rejects it and the message says so next to the field.
 */

/** '' → absent; "12" → 12; anything else stays the (trimmed) text. */
export function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^[+-]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** One item per line; blank lines and surrounding spaces don't count. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
