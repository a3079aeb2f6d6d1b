import type { ConsoleSessionReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { usePageTitle } from '../../hooks/usePageTitle.ts';
import { NewPasskeyForm } from './NewPasskeyForm.tsx';
import { SignInButton } from './SignInButton.tsx';

interface SignInPageProps {
  api: ConsoleApi;
  selfService: boolean;
  onSession: (session: ConsoleSessionReply) => void;
}

/** The signed-out start page: sign in, or (when the operator allows it) create an account. */
export function SignInPage({ api, selfService, onSession }: SignInPageProps) {
  usePageTitle('Sign in');
  return (
    <main class="page narrow">
      <h1>Passkey Companion console</h1>
      <p>See how passkeys do on your sites, and steer them.</p>
      <section aria-labelledby="signin-heading">
        <h2 id="signin-heading">Sign in</h2>
        <SignInButton api={api} onSession={onSession} />
      </section>
      {selfService ? (
        <section aria-labelledby="create-heading">
          <h2 id="create-heading">New here? Create an account</h2>
          <p>Your account is a passkey: no password to remember. You can register your sites once you're in.</p>
          <NewPasskeyForm
            api={api}
            invite={undefined}
            submitLabel="Create an account"
            submitTestId="console-create-account"
            onSession={onSession}
          />
        </section>
      ) : (
        <p class="hint">No console passkey yet? An owner of your site, or this server's operator, can send you an enrolment link.</p>
      )}
    </main>
  );
}
