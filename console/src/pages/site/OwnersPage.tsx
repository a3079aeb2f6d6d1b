import { useState } from 'preact/hooks';
import type { ConsoleSiteReply, InviteCreatedReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { Copyable } from '../../components/Copyable.tsx';
import { FormStatus } from '../../components/FormStatus.tsx';
import { formatMoment } from '../../format.ts';
import { usePageTitle } from '../../hooks/usePageTitle.ts';
import { useSubmission } from '../../hooks/useSubmission.ts';

interface OwnersPageProps {
  api: ConsoleApi;
  site: ConsoleSiteReply;
  /** The signed-in owner. */
  ownerId: string;
  onSiteChanged: (site: ConsoleSiteReply) => void;
  /** The signed-in owner took themselves off the site. */
  onLeft: () => void;
}

/** The site's owners (one may be taken off, the last one stays), and a single-use link that makes one more. */
export function OwnersPage({ api, site, ownerId, onSiteChanged, onLeft }: OwnersPageProps) {
  usePageTitle(`${site.name} · Owners`);
  const [invite, setInvite] = useState<InviteCreatedReply | undefined>(undefined);
  const submission = useSubmission([]);
  const removal = useSubmission([]);
  // Removing takes two clicks: the first asks, the second does it.
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const createInvite = () =>
    void submission.run(async () => {
      setInvite(await api.createInvite(site.siteId));
    });
  const remove = (removedId: string) =>
    void removal.run(async () => {
      const updated = await api.removeOwner(site.siteId, removedId);
      setConfirming(undefined);
      if (removedId === ownerId) onLeft();
      else onSiteChanged(updated);
    });

  return (
    <section aria-labelledby="owners-heading">
      <h2 id="owners-heading">Owners</h2>
      <ul class="owners">
        {site.owners.map((owner) => (
          <li key={owner.id} data-testid="console-owner" data-owner-id={owner.id}>
            {owner.name}
            {owner.id === ownerId && <span class="badge"> (you)</span>}
            {site.owners.length > 1 &&
              (confirming === owner.id ? (
                <button
                  type="button"
                  class="danger"
                  data-testid="console-remove-owner-confirm"
                  disabled={removal.busy}
                  onClick={() => remove(owner.id)}
                >
                  {owner.id === ownerId ? 'Yes, leave this site' : `Yes, remove ${owner.name}`}
                </button>
              ) : (
                <button type="button" class="secondary" data-testid="console-remove-owner" onClick={() => setConfirming(owner.id)}>
                  {owner.id === ownerId ? 'Leave' : 'Remove'}
                </button>
              ))}
          </li>
        ))}
      </ul>
      {removal.state.status === 'rejected' && <FormStatus state={removal.state} />}
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
