import { inviteTokenSchema, type ConsoleSessionReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { ConsoleApiError } from '../../api/ConsoleApiError.ts';
import { LoadFailed, Loading } from '../../components/LoadFailed.tsx';
import { formatMoment } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { usePageTitle } from '../../hooks/usePageTitle.ts';
import { replaceHash } from '../../hooks/useRoute.ts';
import { routeHref } from '../../router.ts';
import { joinedSite } from '../../session/joinedSite.ts';
import { NewPasskeyForm } from '../signin/NewPasskeyForm.tsx';
import { SignInButton } from '../signin/SignInButton.tsx';
import { AcceptInvite } from './AcceptInvite.tsx';
import { InvalidLinkPage } from './InvalidLinkPage.tsx';

interface EnrolPageProps {
  api: ConsoleApi;
  invite: string;
  /** Signed in: the invite's site is added to this account instead of making a new one. */
  session: ConsoleSessionReply | undefined;
  onSession: (session: ConsoleSessionReply) => void;
}

/**
 * An enrolment link (#/enrol/inv_…): checked without being used, then either a new owner with
 * a new passkey, or, for someone already signed in, the site added to their console.
 */
export function EnrolPage({ api, invite, session, onSession }: EnrolPageProps) {
  usePageTitle('Join a site');
  const wellFormed = inviteTokenSchema.safeParse(invite).success;
  // A malformed link is refused here without asking the server (it would say the same).
  const [check, retry] = useLoad(async () => (wellFormed ? api.checkInvite(invite) : undefined), [invite]);

  if (!wellFormed) return <InvalidLinkPage />;
  if (check.status === 'loading') return <Loading what="the link" />;
  if (check.status === 'failed') {
    if (check.error instanceof ConsoleApiError && check.error.code === 'invite_invalid') return <InvalidLinkPage />;
    return (
      <main class="page narrow">
        <LoadFailed error={check.error} retry={retry} />
      </main>
    );
  }

  if (check.value === undefined) return <InvalidLinkPage />;
  const { siteName, expiresAt } = check.value;
  // Land on the site just joined; the session reply lists sites but doesn't say which one is new.
  const joined = (next: ConsoleSessionReply) => {
    const siteId = joinedSite(session?.sites ?? [], next.sites, siteName);
    onSession(next);
    replaceHash(siteId === undefined ? routeHref({ page: 'home' }) : routeHref({ page: 'site', siteId, tab: 'analytics' }));
  };

  return (
    <main class="page narrow">
      <h1>Become an owner of {siteName}</h1>
      <p class="hint">This link works once, until {formatMoment(expiresAt)}.</p>
      {session === undefined ? (
        <>
          <section aria-labelledby="enrol-heading">
            <h2 id="enrol-heading">New to the console</h2>
            <p>Your console account is a passkey on this device (or your phone): no password.</p>
            <NewPasskeyForm
              api={api}
              invite={invite}
              submitLabel="Create a passkey for the console"
              submitTestId="console-enrol"
              onSession={joined}
            />
          </section>
          <section aria-labelledby="existing-heading">
            <h2 id="existing-heading">Already have a console passkey?</h2>
            <p>Sign in first; then add {siteName} to your console.</p>
            <SignInButton api={api} onSession={onSession} />
          </section>
        </>
      ) : (
        <AcceptInvite api={api} invite={invite} siteName={siteName} ownerName={session.owner.name} onSession={joined} />
      )}
    </main>
  );
}
