import { describe, expect, it } from 'vitest';
import { joinedSite } from './joinedSite.ts';

const site = (siteId: string, name: string) => ({ siteId, name, active: true });
const SHOP = site('site_aaaaaaaa', 'Shop');
const BLOG = site('site_bbbbbbbb', 'Blog');

describe('joinedSite', () => {
  it('is the one site that wasn’t there before', () => {
    expect(joinedSite([SHOP], [SHOP, BLOG], 'Blog')).toBe(BLOG.siteId);
    expect(joinedSite([], [SHOP], 'Shop')).toBe(SHOP.siteId);
  });

  it('falls back to the only site with the invite’s name when nothing is new (already an owner)', () => {
    expect(joinedSite([SHOP, BLOG], [SHOP, BLOG], 'Blog')).toBe(BLOG.siteId);
  });

  it('is undefined when it can’t tell', () => {
    const otherShop = site('site_cccccccc', 'Shop');
    expect(joinedSite([SHOP, otherShop], [SHOP, otherShop], 'Shop')).toBeUndefined();
    expect(joinedSite([], [], 'Shop')).toBeUndefined();
  });
});
