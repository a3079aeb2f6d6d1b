import type { z } from 'zod';
import { ApiError } from '../errors.ts';

/** Validates untrusted input with its shared schema; a mismatch is a 400 naming the first problem. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new ApiError('bad_request', `invalid request: ${where}${issue?.message ?? 'malformed'}`, {
    cause: result.error,
    ...(issue && issue.path.length > 0 ? { field: issue.path.join('.') } : {}),
  });
}
