import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { ConsoleSessionReply } from '@pkc/shared';
import { createConsoleApi } from './api/consoleApi.ts';
import { createConsoleRequest } from './api/request.ts';
import { TopBar } from './components/TopBar.tsx';
import { Loading } from './components/LoadFailed.tsx';
import { replaceHash, useRoute } from './hooks/useRoute.ts';
import { routeHref } from './router.ts';
import { loadSession, type SessionState } from './session/loadSession.ts';
import { ConsoleRoutes } from './ConsoleRoutes.tsx';
import { UnreachablePage } from './pages/UnreachablePage.tsx';
import { SessionEndedPage } from './pages/signin/SessionEndedPage.tsx';

/**
 * The console: which session the page has (none, one, one that just ended) decides the screen,
 * the address decides the page within it. Every signed-in call carries the session's CSRF token,
 * and any of them finding the session gone switches to "sign in again".
 */
export function App({ fetch }: { fetch: typeof globalThis.fetch }) {
  const route = useRoute();
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  const signedOutApi = useMemo(() => createConsoleApi(createConsoleRequest({ fetch, csrfToken: '' })), [fetch]);
  const session = state.kind === 'signed-in' ? state.session : undefined;
  const csrfToken = session?.csrfToken;
  const selfService = selfServiceOf(state);
  const api = useMemo(
    () =>
      csrfToken === undefined
        ? signedOutApi
        : createConsoleApi(createConsoleRequest({ fetch, csrfToken, onSessionEnded: () => setState({ kind: 'ended', selfService }) })),
    [fetch, csrfToken, signedOutApi, selfService],
  );

  useEffect(() => {
    let current = true;
    void loadSession(signedOutApi).then((loaded) => current && setState(loaded));
    return () => {
      current = false;
    };
  }, [signedOutApi, attempt]);

  const onSession = useCallback((next: ConsoleSessionReply) => setState({ kind: 'signed-in', session: next }), []);
  // After a change to the owner's sites (registered, verified): the switcher lists them anew.
  // A failure here leaves the old list; a lost session is reported by the request itself.
  const refreshSession = useCallback(() => void api.session().then(onSession, () => undefined), [api, onSession]);
  const signOut = useCallback(async () => {
    await api.signOut();
    setState({ kind: 'signed-out', selfService });
    replaceHash(routeHref({ page: 'home' }));
  }, [api, selfService]);

  switch (state.kind) {
    case 'loading':
      return (
        <main class="page narrow">
          <Loading what="the console" />
        </main>
      );
    case 'unreachable':
      return <UnreachablePage message={state.message} retry={() => setAttempt((value) => value + 1)} />;
    case 'ended':
      return <SessionEndedPage api={signedOutApi} onSession={onSession} />;
    case 'signed-out':
      return (
        <ConsoleRoutes
          route={route}
          api={signedOutApi}
          session={undefined}
          selfService={state.selfService}
          onSession={onSession}
          refreshSession={refreshSession}
        />
      );
    case 'signed-in':
      return (
        <>
          <TopBar session={state.session} currentSiteId={route.page === 'site' ? route.siteId : undefined} signOut={signOut} />
          <ConsoleRoutes
            route={route}
            api={api}
            session={state.session}
            selfService={state.session.selfService}
            onSession={onSession}
            refreshSession={refreshSession}
          />
        </>
      );
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/** Whether the operator lets people register sites (kept across sign-out, for the sign-in page). */
function selfServiceOf(state: SessionState): boolean {
  switch (state.kind) {
    case 'signed-in':
      return state.session.selfService;
    case 'signed-out':
    case 'ended':
      return state.selfService;
    default:
      return false;
  }
}
