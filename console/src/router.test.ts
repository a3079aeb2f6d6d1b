import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from './router.ts';

const SITE = 'site_abcdefgh12';

describe('parseRoute', () => {
  it('reads the start page from an empty or bare fragment', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
  });

  it('reads a site and each of its tabs, analytics being the bare site address', () => {
    expect(parseRoute(`#/sites/${SITE}`)).toEqual({ page: 'site', siteId: SITE, tab: 'analytics' });
    expect(parseRoute(`#/sites/${SITE}/steering`)).toEqual({ page: 'site', siteId: SITE, tab: 'steering' });
    expect(parseRoute(`#/sites/${SITE}/audit/`)).toEqual({ page: 'site', siteId: SITE, tab: 'audit' });
    expect(parseRoute(`#/sites/${SITE}/owners`)).toEqual({ page: 'site', siteId: SITE, tab: 'owners' });
  });

  it('reads an enrolment link and the register page', () => {
    expect(parseRoute('#/enrol/inv_abc')).toEqual({ page: 'enrol', invite: 'inv_abc' });
    expect(parseRoute('#/register')).toEqual({ page: 'register' });
  });

  it('finds nothing at unknown, malformed or over-long addresses', () => {
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found' });
    expect(parseRoute('#/sites/not-a-site-id')).toEqual({ page: 'not-found' });
    expect(parseRoute(`#/sites/${SITE}/analytics`)).toEqual({ page: 'not-found' });
    expect(parseRoute(`#/sites/${SITE}/steering/more`)).toEqual({ page: 'not-found' });
    expect(parseRoute('#/enrol')).toEqual({ page: 'not-found' });
    expect(parseRoute('#/enrol/%E0%A4%A')).toEqual({ page: 'not-found' });
  });

  it('reads back every address routeHref writes', () => {
    for (const route of [
      { page: 'home' },
      { page: 'register' },
      { page: 'enrol', invite: 'inv_x-y_z' },
      { page: 'site', siteId: SITE, tab: 'analytics' },
      { page: 'site', siteId: SITE, tab: 'owners' },
    ] as const) {
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
  });
});
