import { routeHref } from '../router.ts';
import { usePageTitle } from '../hooks/usePageTitle.ts';

/** An address the console doesn't have, or a site that doesn't exist or isn't this owner's (the server doesn't say which). */
export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <main class="page narrow" data-testid="console-not-found">
      <h1>Not found</h1>
      <p>There is no such page, or no such site among yours.</p>
      <p>
        <a href={routeHref({ page: 'home' })}>Go to the console's start page</a>
      </p>
    </main>
  );
}
