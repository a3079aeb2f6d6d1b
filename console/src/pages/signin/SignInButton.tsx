import { useState } from 'preact/hooks';
import type { ConsoleSessionReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { describeError } from '../../api/describeError.ts';
import { signInWithPasskey } from '../../session/passkeySignIn.ts';

interface SignInButtonProps {
  api: ConsoleApi;
  onSession: (session: ConsoleSessionReply) => void;
  label?: string;
}

/** "Sign in with a passkey": the browser lists the console passkeys it holds, no name typed. */
export function SignInButton({ api, onSession, label = 'Sign in with a passkey' }: SignInButtonProps) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const signIn = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      onSession(await signInWithPasskey(api));
    } catch (error) {
      setFailure(describeError(error));
      setBusy(false);
    }
  };
  return (
    <div class="signin">
      <button type="button" data-testid="console-signin" disabled={busy} onClick={() => void signIn()}>
        {busy ? 'Waiting for your passkey…' : label}
      </button>
      {failure !== undefined && (
        <p class="form-error" role="alert" data-testid="form-error">
          {failure}
        </p>
      )}
    </div>
  );
}
