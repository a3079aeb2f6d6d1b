import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clientSignalsSchema } from '@pkc/shared';
import { createPseudonymStore, newPseudonym } from './pseudonym.ts';

describe('device pseudonym per site', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is 32 url-safe characters, valid for the client signals schema', () => {
    const pseudonym = newPseudonym((length) => new Uint8Array(length).fill(251));
    expect(pseudonym).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(clientSignalsSchema.shape.devicePseudonym.safeParse(pseudonym).success).toBe(true);
  });

  it('is generated once per site and kept in storage.local', async () => {
    const store = createPseudonymStore(fakeBrowser.storage.local);
    const shop = await store.forSite('site_shop12345');
    expect(await store.forSite('site_shop12345')).toBe(shop);
    expect(await createPseudonymStore(fakeBrowser.storage.local).forSite('site_shop12345')).toBe(shop);
    // Its own key: writing it never rewrites another site's entry.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ 'pseudonym:site_shop12345': shop });
  });

  it('differs between sites, so sites cannot correlate the device', async () => {
    const store = createPseudonymStore(fakeBrowser.storage.local);
    expect(await store.forSite('site_shop12345')).not.toBe(await store.forSite('site_bank12345'));
  });

  it('mints a single pseudonym when two first requests race', async () => {
    const store = createPseudonymStore(fakeBrowser.storage.local);
    const [a, b] = await Promise.all([store.forSite('site_shop12345'), store.forSite('site_shop12345')]);
    expect(a).toBe(b);
  });

  it('replaces a corrupted stored value instead of sending it', async () => {
    await fakeBrowser.storage.local.set({ 'pseudonym:site_shop12345': 'short' });
    const pseudonym = await createPseudonymStore(fakeBrowser.storage.local).forSite('site_shop12345');
    expect(pseudonym).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
