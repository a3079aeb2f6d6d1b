import { useEffect, useState } from 'preact/hooks';
import { parseRoute, type Route } from '../router.ts';

/** The page the address names, following back/forward and links. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

/** Go to `href` in place of the current entry (a redirect, not a step Back should return to). */
export function replaceHash(href: string): void {
  window.location.replace(href);
}
