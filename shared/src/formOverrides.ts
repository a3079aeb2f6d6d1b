import * as z from 'zod';

/**
 * CSS selectors a site owner registers for the rare login page the extension's form detection
 * misses. Each one, when present and matching, wins over the heuristics for its field.
 */
const selectorSchema = z.string().trim().min(1).max(500);

export const formOverridesSchema = z
  .object({
    username: selectorSchema.optional(),
    password: selectorSchema.optional(),
    submit: selectorSchema.optional(),
  })
  .strict();
export type FormOverrides = z.infer<typeof formOverridesSchema>;
