import { useState } from 'preact/hooks';
import type { z } from 'zod';
import { ConsoleApiError } from '../api/ConsoleApiError.ts';
import { describeError } from '../api/describeError.ts';
import { fieldErrorsFrom, fieldForPath, type FieldErrors } from '../forms/fieldErrors.ts';

export type Submission =
  | { status: 'idle' | 'busy' | 'saved' }
  | { status: 'rejected'; fieldErrors: FieldErrors; formError: string | undefined };

export interface SubmissionControl {
  state: Submission;
  busy: boolean;
  fieldErrors: FieldErrors;
  /**
   * Checks `candidate` with the shared schema the server uses, and only if it passes sends it.
   * Errors land next to their field (the schema's, or a 400's `field`), the rest in one
   * form-level message.
   */
  submit: <T>(schema: z.ZodType<T>, candidate: unknown, send: (value: T) => Promise<void>) => Promise<void>;
  /** For an action with nothing typed to check (verify, create a link): busy, then saved or the error. */
  run: (send: () => Promise<void>) => Promise<void>;
  /** The form changed since "Saved": stop saying so. */
  edited: () => void;
}

export function useSubmission(fields: readonly string[]): SubmissionControl {
  const [state, setState] = useState<Submission>({ status: 'idle' });

  const run = async (send: () => Promise<void>) => {
    setState({ status: 'busy' });
    try {
      await send();
      setState({ status: 'saved' });
    } catch (error) {
      setState(rejection(error, fields));
    }
  };
  const submit = async <T>(schema: z.ZodType<T>, candidate: unknown, send: (value: T) => Promise<void>) => {
    const parsed = schema.safeParse(candidate);
    if (!parsed.success) {
      const errors = fieldErrorsFrom(parsed.error.issues, fields, candidate);
      setState({ status: 'rejected', fieldErrors: errors.fields, formError: errors.form[0] });
      return;
    }
    await run(() => send(parsed.data));
  };

  return {
    state,
    busy: state.status === 'busy',
    fieldErrors: state.status === 'rejected' ? state.fieldErrors : {},
    submit,
    run,
    edited: () => setState((current) => (current.status === 'saved' ? { status: 'idle' } : current)),
  };
}

function rejection(error: unknown, fields: readonly string[]): Submission {
  const field = error instanceof ConsoleApiError && error.field !== undefined ? fieldForPath(error.field.split('.'), fields) : undefined;
  if (field !== undefined) return { status: 'rejected', fieldErrors: { [field]: describeError(error) }, formError: undefined };
  return { status: 'rejected', fieldErrors: {}, formError: describeError(error) };
}
