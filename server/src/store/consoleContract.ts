import { describe, expect, it } from 'vitest';
import type { ConsoleInviteRecord, ConsoleOwnerRecord, ConsolePasskeyRecord, ConsoleSessionRecord, SiteRecord } from './records.ts';
import type { Store } from './Store.ts';

/*
 * The Store contract's part about the site-owner console (issue 15): owners, their passkeys,
 * enrolment links and sessions. Run by describeStoreContract (storeContract.ts) inside its own
 * suite, so every engine runs it with the same two sites and the same restart.
 */

export interface ConsoleContractContext {
  store(): Store;
  /** Closes the store and opens the same data set again. */
  restart(): Promise<void>;
  site: SiteRecord;
  other: SiteRecord;
}

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
const MINUTE = 60_000;

export const consoleOwner = (name: string, siteIds: string[], ms: number): ConsoleOwnerRecord => ({
  id: `own_${name.padEnd(16, 'x')}`,
  name,
  webauthnUserId: `handle-${name}`,
  siteIds,
  createdAt: at(ms),
});

export const consolePasskey = (id: string, ownerId: string, counter = 0): ConsolePasskeyRecord => ({
  id,
  ownerId,
  publicKey: 'pQECAyYgASFYIA',
  counter,
  transports: ['internal', 'hybrid'],
  createdAt: at(0),
  lastUsedAt: null,
});

/** A 64-hex hash that differs per `n`. */
const hash = (n: number) => n.toString(16).padStart(64, '0');

export const consoleInvite = (n: number, siteId: string, createdMs: number, lifetimeMs = 10 * MINUTE): ConsoleInviteRecord => ({
  tokenHash: hash(n),
  siteId,
  expiresAt: at(createdMs + lifetimeMs),
  createdBy: 'cli',
  createdAt: at(createdMs),
});

export const consoleSession = (n: number, ownerId: string, createdMs: number, lifetimeMs = 60 * MINUTE): ConsoleSessionRecord => ({
  idHash: hash(1000 + n),
  ownerId,
  csrfToken: `csrf-token-${n}`.padEnd(24, '0'),
  expiresAt: at(createdMs + lifetimeMs),
  createdAt: at(createdMs),
});

export function describeConsoleContract(context: ConsoleContractContext): void {
  const { site, other } = context;
  const store = () => context.store();

  describe('site-owner console', () => {
    it('owners: put, replaced by id, listed per site oldest first, and they survive a restart', async () => {
      const olive = consoleOwner('olive', [site.id], 2 * MINUTE);
      const amir = consoleOwner('amir', [site.id, other.id], MINUTE);
      const chen = consoleOwner('chen', [other.id], 3 * MINUTE);
      for (const record of [olive, amir, chen]) await store().putConsoleOwner(record);
      expect(await store().getConsoleOwner(olive.id)).toEqual(olive);
      // Put after olive, created before her: the list goes by creation.
      expect(await store().listConsoleOwners(site.id)).toEqual([amir, olive]);

      const moved = { ...olive, name: 'Olive B.', siteIds: [other.id] };
      await store().putConsoleOwner(moved);
      // What was put is kept, not the caller's object.
      moved.siteIds.push(site.id);
      const check = async () => {
        expect(await store().getConsoleOwner(olive.id)).toEqual({ ...olive, name: 'Olive B.', siteIds: [other.id] });
        expect((await store().listConsoleOwners(site.id)).map((o) => o.name)).toEqual(['amir']);
        expect((await store().listConsoleOwners(other.id)).map((o) => o.name)).toEqual(['amir', 'Olive B.', 'chen']);
        expect(await store().listConsoleOwners('site_nobody0000')).toEqual([]);
        expect(await store().getConsoleOwner('own_missingmissing00')).toBeUndefined();
      };
      await check();
      await context.restart();
      await check();
    });

    it('passkeys: put, replaced by id (a sign-in writes its counter), and they survive a restart', async () => {
      const ownerId = consoleOwner('olive', [site.id], 0).id;
      await store().putConsolePasskey(consolePasskey('ck-1', ownerId));
      await store().putConsolePasskey(consolePasskey('ck-2', ownerId, 4));
      await store().putConsolePasskey({ ...consolePasskey('ck-1', ownerId, 9), lastUsedAt: at(MINUTE) });
      const check = async () => {
        expect(await store().getConsolePasskey('ck-1')).toEqual({ ...consolePasskey('ck-1', ownerId, 9), lastUsedAt: at(MINUTE) });
        expect(await store().getConsolePasskey('ck-2')).toEqual(consolePasskey('ck-2', ownerId, 4));
        expect(await store().getConsolePasskey('ck-3')).toBeUndefined();
      };
      await check();
      await context.restart();
      await check();
    });

    it('an invite is read without being used, taken once, and not at all once expired', async () => {
      const link = consoleInvite(1, site.id, 0);
      await store().addConsoleInvite(link);
      expect(await store().getConsoleInvite(link.tokenHash, at(MINUTE))).toEqual(link);
      expect(await store().getConsoleInvite(link.tokenHash, at(2 * MINUTE))).toEqual(link);
      // At its expiresAt it is over: neither read nor taken.
      expect(await store().getConsoleInvite(link.tokenHash, link.expiresAt)).toBeUndefined();
      expect(await store().takeConsoleInvite(link.tokenHash, link.expiresAt)).toBeUndefined();
      await context.restart();
      expect(await store().takeConsoleInvite(link.tokenHash, at(3 * MINUTE))).toEqual(link);
      expect(await store().takeConsoleInvite(link.tokenHash, at(3 * MINUTE))).toBeUndefined();
      expect(await store().getConsoleInvite(link.tokenHash, at(3 * MINUTE))).toBeUndefined();
      await context.restart();
      expect(await store().getConsoleInvite(link.tokenHash, at(3 * MINUTE))).toBeUndefined();
      expect(await store().getConsoleInvite(hash(99), at(0))).toBeUndefined();
    });

    it('of several takers of one invite at once, exactly one gets it', async () => {
      const link = consoleInvite(2, site.id, 0);
      await store().addConsoleInvite(link);
      // Readers first, all at once: an engine with a connection pool then has a connection ready
      // for each taker, and the takers really race instead of queueing for connections.
      await Promise.all(Array.from({ length: 5 }, () => store().getConsoleInvite(link.tokenHash, at(MINUTE))));
      const taken = await Promise.all(Array.from({ length: 5 }, () => store().takeConsoleInvite(link.tokenHash, at(MINUTE))));
      expect(taken.filter((result) => result !== undefined)).toEqual([link]);
    });

    it('expired invites go as new ones come; an invite to a site that is gone is not kept', async () => {
      const early = consoleInvite(3, site.id, 0, MINUTE);
      const kept = consoleInvite(4, other.id, 0, 60 * MINUTE);
      await store().addConsoleInvite(early);
      await store().addConsoleInvite(kept);
      await store().addConsoleInvite(consoleInvite(5, site.id, 2 * MINUTE));
      // Read as of a time before it expired: only pruning explains its absence.
      expect(await store().getConsoleInvite(early.tokenHash, at(1))).toBeUndefined();
      expect(await store().getConsoleInvite(kept.tokenHash, at(1))).toEqual(kept);
      await store().addConsoleInvite(consoleInvite(6, 'site_removed000', 0));
      expect(await store().getConsoleInvite(hash(6), at(1))).toBeUndefined();
    });

    it('sessions: put, read until they expire, removed, pruned as new ones come, and they survive a restart', async () => {
      const ownerId = consoleOwner('olive', [site.id], 0).id;
      const short = consoleSession(1, ownerId, 0, MINUTE);
      const long = consoleSession(2, ownerId, 0);
      await store().putConsoleSession(short);
      await store().putConsoleSession(long);
      await context.restart();
      expect(await store().getConsoleSession(short.idHash, at(1))).toEqual(short);
      expect(await store().getConsoleSession(short.idHash, short.expiresAt)).toBeUndefined();
      expect(await store().getConsoleSession(long.idHash, at(30 * MINUTE))).toEqual(long);
      await store().putConsoleSession(consoleSession(3, ownerId, 2 * MINUTE));
      expect(await store().getConsoleSession(short.idHash, at(1))).toBeUndefined();
      await store().removeConsoleSession(long.idHash);
      await store().removeConsoleSession(long.idHash);
      await context.restart();
      expect(await store().getConsoleSession(long.idHash, at(1))).toBeUndefined();
      expect(await store().getConsoleSession(hash(1003), at(3 * MINUTE))).toEqual(consoleSession(3, ownerId, 2 * MINUTE));
    });

    it("removing a site removes its invites and takes it out of its owners' sites; the owners stay", async () => {
      const amir = consoleOwner('amir', [site.id, other.id], 0);
      const olive = consoleOwner('olive', [site.id], MINUTE);
      await store().putConsoleOwner(amir);
      await store().putConsoleOwner(olive);
      await store().addConsoleInvite(consoleInvite(7, site.id, 0));
      await store().addConsoleInvite(consoleInvite(8, other.id, 0));
      await store().removeSite(site.id);
      const check = async () => {
        expect(await store().getConsoleOwner(amir.id)).toEqual({ ...amir, siteIds: [other.id] });
        expect(await store().getConsoleOwner(olive.id)).toEqual({ ...olive, siteIds: [] });
        expect(await store().listConsoleOwners(site.id)).toEqual([]);
        expect(await store().listConsoleOwners(other.id)).toEqual([{ ...amir, siteIds: [other.id] }]);
        expect(await store().getConsoleInvite(hash(7), at(1))).toBeUndefined();
        expect(await store().getConsoleInvite(hash(8), at(1))).toEqual(consoleInvite(8, other.id, 0));
      };
      await check();
      await context.restart();
      await check();
      // A site registered again under the same id has no owners and no invites.
      await store().putSite(site);
      await check();
    });
  });
}
