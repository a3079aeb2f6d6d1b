import { useState } from 'preact/hooks';
import type { ConsoleSiteReply, InviteCreatedReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { Copyable } from '../../components/Copyable.tsx';
import { FormStatus } from '../../components/FormStatus.tsx';
import { formatMoment } from '../../format.ts';
import { usePageTitle } from '../../hooks/usePageTitle.ts';
import { useSubmission } from '../../hooks/useSubmission.ts';

/** The site's owners, and a single-use link that makes one more. */
export function OwnersPage({ api, site, ownerId }: { api: ConsoleApi; site: ConsoleSiteReply; ownerId: string }) {
  usePageTitle(`${site.name} · Owners`);
  const [invite, setInvite] = useState<InviteCreatedReply | undefined>(undefined);
  const submission = useSubmission([]);
  const createInvite = () =>
    void submission.run(async () => {
      setInvite(await api.createInvite(site.siteId));
    });

  return (
    <section aria-labelledby="owners-heading">
      <h2 id="owners-heading">Owners</h2>
      <ul class="owners">
        {site.owners.map((owner) => (
          <li key={owner.id} data-testid="console-owner" data-owner-id={owner.id}>
            {owner.name}
            {owner.id === ownerId && <span class="badge"> (you)</span>}
          </li>
        ))}
      </ul>
      <h3>Add an owner</h3>
      <p>The link works once and expires soon. Whoever opens it can see and steer this site: send it only to the person it's for.</p>
      <button type="button" data-testid="console-create-invite" disabled={submission.busy} onClick={createInvite}>
        {submission.busy ? 'Creating…' : 'Create an invite link'}
      </button>
      {submission.state.status === 'saved' && invite !== undefined ? (
        <div role="status">
          <Copyable value={invite.link} testId="console-invite-link" label="the invite link" />
          <p class="hint">
            Expires <time dateTime={invite.expiresAt}>{formatMoment(invite.expiresAt)}</time>.
          </p>
        </div>
      ) : (
        <FormStatus state={submission.state} />
      )}
    </section>
  );
}
