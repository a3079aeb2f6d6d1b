import type { ConsoleSessionReply } from '@pkc/shared';
import type { ConsoleApi } from './api/consoleApi.ts';
import type { Route } from './router.ts';
import { EnrolPage } from './pages/enrol/EnrolPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { RegisterSitePage } from './pages/RegisterSitePage.tsx';
import { SitePage } from './pages/site/SitePage.tsx';
import { SitesPage } from './pages/SitesPage.tsx';
import { SignInPage } from './pages/signin/SignInPage.tsx';

interface ConsoleRoutesProps {
  route: Route;
  api: ConsoleApi;
  /** Undefined while signed out. */
  session: ConsoleSessionReply | undefined;
  selfService: boolean;
  onSession: (session: ConsoleSessionReply) => void;
  refreshSession: () => void;
}

/**
 * The page for an address. Signed out, every page but an enrolment link is the sign-in page,
 * and the address stays: signing in lands where the person was going.
 */
export function ConsoleRoutes({ route, api, session, selfService, onSession, refreshSession }: ConsoleRoutesProps) {
  if (route.page === 'not-found') return <NotFoundPage />;
  if (route.page === 'enrol')
    return <EnrolPage key={route.invite} api={api} invite={route.invite} session={session} onSession={onSession} />;
  if (session === undefined) return <SignInPage api={api} selfService={selfService} onSession={onSession} />;
  switch (route.page) {
    case 'home':
      return <SitesPage session={session} />;
    case 'register':
      return selfService ? <RegisterSitePage api={api} refreshSession={refreshSession} /> : <NotFoundPage />;
    case 'site':
      return (
        <SitePage key={route.siteId} api={api} session={session} siteId={route.siteId} tab={route.tab} refreshSession={refreshSession} />
      );
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}
