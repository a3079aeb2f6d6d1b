import type { Submission } from '../hooks/useSubmission.ts';

/** A form's own outcome: the error no field owns, or a short "Saved". */
export function FormStatus({ state, savedText = 'Saved' }: { state: Submission; savedText?: string }) {
  if (state.status === 'saved') {
    return (
      <p class="form-saved" role="status" data-testid="form-saved">
        {savedText}
      </p>
    );
  }
  if (state.status === 'rejected' && state.formError !== undefined) {
    return (
      <p class="form-error" role="alert" data-testid="form-error">
        {state.formError}
      </p>
    );
  }
  return null;
}
