import { useState } from 'preact/hooks';
import { enrolOptionsBodySchema, type ConsoleSessionReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { TextField } from '../../components/Field.tsx';
import { FormStatus } from '../../components/FormStatus.tsx';
import { useSubmission } from '../../hooks/useSubmission.ts';
import { enrolWithPasskey } from '../../session/passkeySignIn.ts';

const FIELDS = ['name'] as const;

interface NewPasskeyFormProps {
  api: ConsoleApi;
  /** With an invite: become an owner of its site; without: a self-service account with no site yet. */
  invite: string | undefined;
  submitLabel: string;
  submitTestId: string;
  onSession: (session: ConsoleSessionReply) => void;
}

/** A name, then a new passkey for the console: the owner's account is created with it. */
export function NewPasskeyForm({ api, invite, submitLabel, submitTestId, onSession }: NewPasskeyFormProps) {
  const [name, setName] = useState('');
  const submission = useSubmission(FIELDS);
  const submit = (event: Event) => {
    event.preventDefault();
    void submission.submit(enrolOptionsBodySchema, { name, ...(invite === undefined ? {} : { invite }) }, async (body) => {
      onSession(await enrolWithPasskey(api, body));
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextField
        name="name"
        label="Your name"
        hint="Shown to the site's other owners and in the site's audit list."
        autoComplete="name"
        value={name}
        onValue={setName}
        error={submission.fieldErrors['name']}
        testId="console-owner-name"
      />
      <button type="submit" data-testid={submitTestId} disabled={submission.busy}>
        {submission.busy ? 'Waiting for your passkey…' : submitLabel}
      </button>
      <FormStatus state={submission.state} />
    </form>
  );
}
