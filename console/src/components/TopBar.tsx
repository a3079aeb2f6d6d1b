import { useState } from 'preact/hooks';
import type { ConsoleSessionReply } from '@pkc/shared';
import { describeError } from '../api/describeError.ts';
import { routeHref } from '../router.ts';

interface TopBarProps {
  session: ConsoleSessionReply;
  /** The site on screen, for the switcher. */
  currentSiteId: string | undefined;
  signOut: () => Promise<void>;
}

/** Who is signed in, which site is on screen (and a switch to the others), and the way out. */
export function TopBar({ session, currentSiteId, signOut }: TopBarProps) {
  const [signingOut, setSigningOut] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const leave = () => {
    setSigningOut(true);
    setFailure(undefined);
    signOut().catch((error: unknown) => {
      setSigningOut(false);
      setFailure(`Not signed out: ${describeError(error)}`);
    });
  };
  return (
    <header class="topbar">
      <a class="brand" href={routeHref({ page: 'home' })}>
        Passkey Companion console
      </a>
      {session.sites.length > 0 && (
        <label class="site-switcher">
          <span>Site</span>
          <select
            value={currentSiteId ?? ''}
            onChange={(event) => {
              const siteId = event.currentTarget.value;
              window.location.hash = siteId === '' ? routeHref({ page: 'home' }) : routeHref({ page: 'site', siteId, tab: 'analytics' });
            }}
          >
            <option value="">All your sites</option>
            {session.sites.map((site) => (
              <option key={site.siteId} value={site.siteId}>
                {site.active ? site.name : `${site.name} (waiting for verification)`}
              </option>
            ))}
          </select>
        </label>
      )}
      {session.selfService && (
        <a href={routeHref({ page: 'register' })} data-testid="console-register-site">
          Register a site
        </a>
      )}
      <span class="owner">
        Signed in as <strong>{session.owner.name}</strong>
      </span>
      <button type="button" class="secondary" data-testid="console-signout" disabled={signingOut} onClick={leave}>
        {signingOut ? 'Signing out…' : 'Sign out'}
      </button>
      {failure !== undefined && (
        <p class="form-error" role="alert">
          {failure}
        </p>
      )}
    </header>
  );
}
