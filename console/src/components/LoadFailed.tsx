import { describeError } from '../api/describeError.ts';

/** A section that couldn't load: what went wrong, and a way to try again without reloading. */
export function LoadFailed({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <div class="notice error" role="alert">
      <p>{describeError(error)}</p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}
