import type { z } from 'zod';

/** One message per form field, keyed by the field's dotted path ("rollout.percent"). */
export type FieldErrors = Record<string, string>;

/**
 * The field that owns a dotted input path: the longest of `fields` the path starts with, so
 * "origins.2" belongs to "origins" and "skipBackoff.days" to itself.
 */
export function fieldForPath(path: readonly PropertyKey[], fields: readonly string[]): string | undefined {
  const segments = path.map(String);
  let owner: string | undefined;
  for (const field of fields) {
    const fieldSegments = field.split('.');
    const matches = fieldSegments.every((segment, index) => segments[index] === segment);
    if (matches && (owner === undefined || fieldSegments.length > owner.split('.').length)) owner = field;
  }
  return owner;
}

/**
 * Each zod issue next to its field (the first issue per field wins), worded for a person
 * rather than a programmer; issues no field owns are returned for a form-level message.
 * `input` is what was validated: whether a value was left empty or mistyped decides the words.
 */
export function fieldErrorsFrom(
  issues: readonly z.core.$ZodIssue[],
  fields: readonly string[],
  input: unknown,
): { fields: FieldErrors; form: string[] } {
  const byField: FieldErrors = {};
  const form: string[] = [];
  for (const issue of issues) {
    const field = fieldForPath(issue.path, fields);
    if (field === undefined) {
      form.push(issue.message);
      continue;
    }
    if (byField[field] !== undefined) continue;
    // Inside a list typed one item per line (origins), quote the bad item: a line number would
    // be off by the blank lines the form skips.
    const value = valueAt(input, issue.path);
    const inList = typeof issue.path[field.split('.').length] === 'number';
    const words = describeIssue(issue, value);
    byField[field] = inList && typeof value === 'string' ? `"${value}": ${words}` : words;
  }
  return { fields: byField, form };
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'required';
      return issue.expected === 'number' || issue.expected === 'int' ? 'enter a whole number' : issue.message;
    case 'too_small':
      return issue.origin === 'number' ? `at least ${issue.minimum}` : issue.message;
    case 'too_big':
      return issue.origin === 'number' ? `at most ${issue.maximum}` : issue.message;
    default:
      return issue.message;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = Reflect.get(value, key);
  }
  return value;
}
