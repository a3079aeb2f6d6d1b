import { useEffect } from 'preact/hooks';
import type { ConsoleSessionReply } from '@pkc/shared';
import { usePageTitle } from '../hooks/usePageTitle.ts';
import { replaceHash } from '../hooks/useRoute.ts';
import { routeHref } from '../router.ts';

/** The signed-in start page: the owner's sites. With only one, there is nothing to choose: go to it. */
export function SitesPage({ session }: { session: ConsoleSessionReply }) {
  usePageTitle('Your sites');
  const only = session.sites.length === 1 ? session.sites[0] : undefined;
  useEffect(() => {
    if (only !== undefined) replaceHash(routeHref({ page: 'site', siteId: only.siteId, tab: 'analytics' }));
  }, [only]);
  if (only !== undefined) return null;

  return (
    <main class="page">
      <h1>Your sites</h1>
      {session.sites.length === 0 ? (
        <p>
          You aren't an owner of any site yet.{' '}
          {session.selfService ? (
            <a href={routeHref({ page: 'register' })}>Register a site</a>
          ) : (
            'Ask an owner of your site (or the operator) for an enrolment link.'
          )}
        </p>
      ) : (
        <ul class="site-list">
          {session.sites.map((site) => (
            <li key={site.siteId}>
              <a href={routeHref({ page: 'site', siteId: site.siteId, tab: 'analytics' })} data-testid={`console-site-link-${site.siteId}`}>
                {site.name}
              </a>{' '}
              {!site.active && <span class="badge">waiting for its origins to be verified</span>}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
