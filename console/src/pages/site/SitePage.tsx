import type { ConsoleSessionReply, ConsoleSiteReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { ConsoleApiError } from '../../api/ConsoleApiError.ts';
import { LoadFailed, Loading } from '../../components/LoadFailed.tsx';
import { OriginProof } from '../../components/OriginProof.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { routeHref, type SiteTab } from '../../router.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { AnalyticsPage } from './AnalyticsPage.tsx';
import { AuditPage } from './AuditPage.tsx';
import { OwnersPage } from './OwnersPage.tsx';
import { SteeringPage } from './SteeringPage.tsx';

interface SitePageProps {
  api: ConsoleApi;
  session: ConsoleSessionReply;
  siteId: string;
  tab: SiteTab;
  refreshSession: () => void;
}

const TAB_LABELS: Record<SiteTab, string> = { analytics: 'Analytics', steering: 'Steering', audit: 'Audit', owners: 'Owners' };
const TABS: readonly SiteTab[] = ['analytics', 'steering', 'audit', 'owners'];

/**
 * One site: its name, its pages as tabs, and, while it waits for verification, what to do about
 * that. The site is fetched again on each tab: the policy form replaces the whole policy, so it
 * must start from the current one (another owner may have changed it), and a session that ended
 * meanwhile is noticed as soon as the owner moves.
 */
export function SitePage({ api, session, siteId, tab, refreshSession }: SitePageProps) {
  const [site, reload, replaceSite] = useLoad(() => api.site(siteId), [siteId, tab]);
  // The header stays while a tab loads: the name is in the session already.
  const name = site.status === 'ready' ? site.value.name : session.sites.find((summary) => summary.siteId === siteId)?.name;

  // The server answers not_found for a site that isn't this owner's too: the same page for both.
  if (site.status === 'failed' && site.error instanceof ConsoleApiError && site.error.code === 'not_found') return <NotFoundPage />;

  return (
    <main class="page">
      {name !== undefined && (
        <>
          <h1>{name}</h1>
          <nav class="tabs" aria-label={`${name} pages`}>
            {TABS.map((each) => (
              <a
                key={each}
                href={routeHref({ page: 'site', siteId, tab: each })}
                aria-current={each === tab ? 'page' : undefined}
                data-testid={`console-nav-${each}`}
              >
                {TAB_LABELS[each]}
              </a>
            ))}
          </nav>
        </>
      )}
      {site.status === 'loading' && <Loading what="the site" />}
      {site.status === 'failed' && <LoadFailed error={site.error} retry={reload} />}
      {site.status === 'ready' && site.value.originProof !== undefined && (
        <OriginProof
          api={api}
          siteId={siteId}
          origins={site.value.pendingOrigins ?? site.value.origins}
          newOrigins={site.value.active}
          proof={site.value.originProof}
          onVerified={(verified) => {
            replaceSite(verified);
            refreshSession();
          }}
        />
      )}
      {site.status === 'ready' && (
        <SiteTabContent
          api={api}
          session={session}
          site={site.value}
          tab={tab}
          onSiteChanged={replaceSite}
          onLeft={() => {
            refreshSession();
            window.location.hash = routeHref({ page: 'home' });
          }}
        />
      )}
    </main>
  );
}

function SiteTabContent({
  api,
  session,
  site,
  tab,
  onSiteChanged,
  onLeft,
}: {
  api: ConsoleApi;
  session: ConsoleSessionReply;
  site: ConsoleSiteReply;
  tab: SiteTab;
  onSiteChanged: (site: ConsoleSiteReply) => void;
  /** The owner took themselves off this site. */
  onLeft: () => void;
}) {
  switch (tab) {
    case 'analytics':
      return <AnalyticsPage api={api} site={site} />;
    case 'steering':
      return <SteeringPage api={api} site={site} onSiteChanged={onSiteChanged} />;
    case 'audit':
      return <AuditPage api={api} site={site} />;
    case 'owners':
      return <OwnersPage api={api} site={site} ownerId={session.owner.id} onSiteChanged={onSiteChanged} onLeft={onLeft} />;
    default: {
      const unreachable: never = tab;
      return unreachable;
    }
  }
}
