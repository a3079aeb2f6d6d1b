import type { ConsoleSessionReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { usePageTitle } from '../../hooks/usePageTitle.ts';
import { SignInButton } from './SignInButton.tsx';

/** The session expired (or was ended elsewhere) mid-use: say so, and sign in again in place. */
export function SessionEndedPage({ api, onSession }: { api: ConsoleApi; onSession: (session: ConsoleSessionReply) => void }) {
  usePageTitle('Session ended');
  return (
    <main class="page narrow" data-testid="console-session-ended">
      <h1>Your session has ended — sign in again</h1>
      <p>Sessions end after a while, or when you sign out in another tab. Nothing you saved was lost; anything not yet saved was.</p>
      <SignInButton api={api} onSession={onSession} label="Sign in again" />
    </main>
  );
}
