import { usePageTitle } from '../../hooks/usePageTitle.ts';
import { routeHref } from '../../router.ts';

/** An enrolment link the server won't take. It doesn't say which of the three reasons, on purpose: a guess learns nothing. */
export function InvalidLinkPage() {
  usePageTitle("This link can't be used");
  return (
    <main class="page narrow" data-testid="console-invalid-link">
      <h1>This link can't be used</h1>
      <p>
        This link can't be used: it is unknown, was already used, or has expired. Ask an owner of the site (or the server's operator) for a
        new one.
      </p>
      <p>
        <a href={routeHref({ page: 'home' })}>Go to the console's start page</a>
      </p>
    </main>
  );
}
