import { usePageTitle } from '../hooks/usePageTitle.ts';

/** The console couldn't even ask whether someone is signed in: say so, and offer to try again. */
export function UnreachablePage({ message, retry }: { message: string; retry: () => void }) {
  usePageTitle("Can't reach the server");
  return (
    <main class="page narrow">
      <h1>The console can't start</h1>
      <p role="alert">{message}</p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </main>
  );
}
