import type { ConsoleSessionReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { FormStatus } from '../../components/FormStatus.tsx';
import { useSubmission } from '../../hooks/useSubmission.ts';

interface AcceptInviteProps {
  api: ConsoleApi;
  invite: string;
  siteName: string;
  ownerName: string;
  onSession: (session: ConsoleSessionReply) => void;
}

/** Signed in already: the link's site joins this account, no second passkey. */
export function AcceptInvite({ api, invite, siteName, ownerName, onSession }: AcceptInviteProps) {
  const submission = useSubmission([]);
  const accept = () =>
    void submission.run(async () => {
      onSession(await api.acceptInvite(invite));
    });
  return (
    <section>
      <p>
        You're signed in as <strong>{ownerName}</strong>. Not you? Sign out first, then open the link again.
      </p>
      <button type="button" data-testid="console-accept-invite" disabled={submission.busy} onClick={accept}>
        {submission.busy ? 'Adding…' : `Add ${siteName} to your console`}
      </button>
      <FormStatus state={submission.state} />
    </section>
  );
}
