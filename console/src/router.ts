import { siteIdSchema } from '@pkc/shared';

/*
 * The console's pages live in the URL's fragment (#/sites/site_x/steering): the server serves
 * one HTML shell at /console/, and an enrolment link (#/enrol/inv_…) never reaches its logs.
 */

export const SITE_TABS = ['analytics', 'steering', 'audit', 'owners'] as const;
export type SiteTab = (typeof SITE_TABS)[number];

export type Route =
  | { page: 'home' }
  | { page: 'register' }
  | { page: 'enrol'; invite: string }
  | { page: 'site'; siteId: string; tab: SiteTab }
  | { page: 'not-found' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+|\/+$/g, '');
  const parts = path === '' ? [] : path.split('/').map(decodePart);
  const [first, second, third, ...rest] = parts;
  if (rest.length > 0 || parts.includes(undefined)) return { page: 'not-found' };
  if (first === undefined) return { page: 'home' };
  if (first === 'register' && second === undefined) return { page: 'register' };
  if (first === 'enrol' && second !== undefined && third === undefined) return { page: 'enrol', invite: second };
  if (first === 'sites' && second !== undefined && siteIdSchema.safeParse(second).success) {
    if (third === undefined) return { page: 'site', siteId: second, tab: 'analytics' };
    // The analytics page is the site's own address; "#/sites/x/analytics" is not a second one.
    const tab = SITE_TABS.find((name) => name === third && name !== 'analytics');
    if (tab !== undefined) return { page: 'site', siteId: second, tab };
  }
  return { page: 'not-found' };
}

export function routeHref(route: Exclude<Route, { page: 'not-found' }>): string {
  switch (route.page) {
    case 'home':
      return '#/';
    case 'register':
      return '#/register';
    case 'enrol':
      return `#/enrol/${encodeURIComponent(route.invite)}`;
    case 'site': {
      const base = `#/sites/${encodeURIComponent(route.siteId)}`;
      return route.tab === 'analytics' ? base : `${base}/${route.tab}`;
    }
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
