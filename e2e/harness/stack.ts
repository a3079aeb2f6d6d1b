import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RATE_LIMITS, registerSite, startCompanionServer } from '@pkc/server';
import type { FormOverrides } from '@pkc/shared';
import type { DemoUser } from '../site/createPartnerSite.ts';
import { startPartnerSite, type RunningPartnerSite } from '../site/startPartnerSite.ts';

export const ALICE: DemoUser = { userId: 'u-1001', username: 'alice', displayName: 'Alice Example', password: 'alice-password-1' };
export const BOB: DemoUser = { userId: 'u-1002', username: 'bob', displayName: 'Bob Example', password: 'bob-password-2' };
/** Signs in with a password and then an emailed code (seed 001). */
export const CAROL: DemoUser = {
  userId: 'u-1003',
  username: 'carol',
  displayName: 'Carol Example',
  password: 'carol-password-3',
  email: 'carol@shop.example',
};

export interface Stack {
  companionUrl: string;
  /** The companion's store, for checking what was really persisted. */
  companion: Awaited<ReturnType<typeof startCompanionServer>>;
  shop: RunningPartnerSite;
  bank: RunningPartnerSite;
  dataFile: string;
  close(): Promise<void>;
}

/**
 * The real parts on loopback: a companion server with a real lowdb file in a temp dir,
 * and two partner sites with their own hostnames (so their own WebAuthn rp ids).
 * Both sites know alice and bob, with different user ids, like two unrelated businesses.
 */
export async function startStack(options: { allowedExtensionOrigins?: string[]; consoleSelfService?: boolean } = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pkc-e2e-'));
  const dataFile = join(dataDir, 'companion.json');
  // Specs sign the same user in many times a minute, which a real user doesn't: lift the
  // per-username limit so a longer spec can't trip it (rate limits have their own tests).
  const companion = await startCompanionServer({
    port: 0,
    dataFile,
    // Default: the Chromium extension's fixed origin. Firefox's is moz-extension://<uuid>.
    ...(options.allowedExtensionOrigins === undefined ? {} : { allowedExtensionOrigins: options.allowedExtensionOrigins }),
    ...(options.consoleSelfService === undefined ? {} : { consoleSelfService: options.consoleSelfService }),
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      perIp: { capacity: 1_000, windowMs: 60_000 },
      perIdentifier: { capacity: 100, windowMs: 60_000 },
      perIdentifierAllIps: { capacity: 1_000, windowMs: 60_000 },
    },
  });
  const register =
    (name: string, formOverrides?: FormOverrides) => async (site: { origin: string; loginCallback: string; rpId: string }) => {
      const { siteId, secret } = await registerSite(companion.store, {
        name,
        origins: [site.origin],
        loginCallback: site.loginCallback,
        rpId: site.rpId,
        ...(formOverrides === undefined ? {} : { formOverrides }),
      });
      return { companionUrl: companion.url, siteId, secret };
    };
  const shop = await startPartnerSite({
    hostname: 'shop.localhost',
    port: 0,
    siteName: 'Shop',
    users: [ALICE, BOB, CAROL],
    register: register('Shop'),
  });
  const bank = await startPartnerSite({
    hostname: 'bank.localhost',
    port: 0,
    siteName: 'Bank',
    users: [
      { ...ALICE, userId: 'b-77' },
      { ...BOB, userId: 'b-78' },
    ],
    // Bank's /members page is one the heuristics can't read; its owner registered selectors.
    register: register('Bank', { username: '#member-number', submit: '#next-step' }),
  });
  return {
    companionUrl: companion.url,
    companion,
    shop,
    bank,
    dataFile,
    async close() {
      await Promise.allSettled([shop.close(), bank.close()]);
      await companion.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
