import type { Partner } from '@pkc/shared';

/** Shared fixtures for the background tests. */
export const SHOP: Partner = { siteId: 'site_shop12345', name: 'Shop', origins: ['http://shop.localhost:4123'] };
export const BANK: Partner = { siteId: 'site_bank12345', name: 'Bank', origins: ['http://bank.localhost:4124'] };
export const SERVER_URL = 'http://127.0.0.1:8787';
export const EXTENSION_ID = 'jbjkfbbdcfccmknnkpllkejjphbiemij';

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function senderFrom(url: string) {
  return { id: EXTENSION_ID, url, origin: new URL(url).origin, frameId: 0, tab: { id: 1, url } };
}

export const PAGE_SIGNALS = {
  os: 'linux',
  browser: 'chromium',
  mobile: false,
  platformAuthenticator: true,
  capabilities: { hybridTransport: false },
} as const;
