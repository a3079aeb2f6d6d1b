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

    it("an owner's sites: added, already there, full, no such owner; taken out; and it survives a restart", async () => {
      const olive = consoleOwner('olive', [site.id], 0);
      await store().putConsoleOwner(olive);
      expect(await store().addConsoleOwnerSite(olive.id, other.id, 2)).toBe('added');
      expect(await store().addConsoleOwnerSite(olive.id, other.id, 2)).toBe('already');
      expect(await store().addConsoleOwnerSite(olive.id, 'site_third0000', 2)).toBe('full');
      // Already there is said as such even when the owner is full.
      expect(await store().addConsoleOwnerSite(olive.id, site.id, 2)).toBe('already');
      expect(await store().addConsoleOwnerSite('own_missingmissing00', site.id, 2)).toBe('no-owner');
      expect(await store().getConsoleOwner('own_missingmissing00')).toBeUndefined();
      const both = async () => {
        expect(await store().getConsoleOwner(olive.id)).toEqual({ ...olive, siteIds: [site.id, other.id] });
        // The owners of a site are found by what was added, not only by what was put.
        expect(await store().listConsoleOwners(other.id)).toEqual([{ ...olive, siteIds: [site.id, other.id] }]);
        expect(await store().listConsoleOwners('site_third0000')).toEqual([]);
      };
      await both();
      await context.restart();
      await both();

      expect(await store().removeConsoleOwnerSite(olive.id, site.id)).toBe(true);
      expect(await store().removeConsoleOwnerSite(olive.id, site.id)).toBe(false);
      expect(await store().removeConsoleOwnerSite('own_missingmissing00', other.id)).toBe(false);
      const one = async () => {
        expect(await store().getConsoleOwner(olive.id)).toEqual({ ...olive, siteIds: [other.id] });
        expect(await store().listConsoleOwners(site.id)).toEqual([]);
        expect(await store().listConsoleOwners(other.id)).toEqual([{ ...olive, siteIds: [other.id] }]);
      };
      await one();
      await context.restart();
      await one();
      // Room again after one went.
      expect(await store().addConsoleOwnerSite(olive.id, 'site_third0000', 2)).toBe('added');
    });

    it('sites added to one owner at once never pass the cap: 120 requests for 60 sites, 50 allowed', async () => {
      const owner = consoleOwner('amir', [], 0);
      await store().putConsoleOwner(owner);
      const siteIds = Array.from({ length: 60 }, (_, n) => `site_many${String(n).padStart(4, '0')}`);
      // Every site asked for twice: the second of a pair finds it there, or finds the owner full.
      const outcomes = await Promise.all([...siteIds, ...siteIds].map((siteId) => store().addConsoleOwnerSite(owner.id, siteId, 50)));
      const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
      expect([count('added'), count('already'), count('full')]).toEqual([50, 50, 20]);
      const check = async () => {
        const held = (await store().getConsoleOwner(owner.id))?.siteIds ?? [];
        expect(held).toHaveLength(50);
        expect(new Set(held).size).toBe(50);
        // What each request was told matches what is held.
        const added = new Set(siteIds.filter((_, n) => outcomes[n] === 'added' || outcomes[n + 60] === 'added'));
        expect(new Set(held)).toEqual(added);
        const lastHeld = held.at(-1) ?? '';
        expect((await store().listConsoleOwners(lastHeld)).map((o) => o.id)).toEqual([owner.id]);
      };
      await check();
      await context.restart();
      await check();
    });

    it("counts a site's invites that are still usable: not expired, not taken, not another site's", async () => {
      await store().addConsoleInvite(consoleInvite(20, site.id, 0, MINUTE));
      await store().addConsoleInvite(consoleInvite(21, site.id, 0));
      await store().addConsoleInvite(consoleInvite(22, site.id, 0));
      await store().addConsoleInvite(consoleInvite(23, site.id, 0));
      await store().addConsoleInvite(consoleInvite(24, other.id, 0));
      expect(await store().countConsoleInvites(site.id, at(1))).toBe(4);
      // The first expired at one minute (at its expiresAt it is over), though not pruned yet.
      expect(await store().countConsoleInvites(site.id, at(MINUTE))).toBe(3);
      await store().takeConsoleInvite(hash(21), at(2 * MINUTE));
      await context.restart();
      expect(await store().countConsoleInvites(site.id, at(2 * MINUTE))).toBe(2);
      expect(await store().countConsoleInvites(other.id, at(2 * MINUTE))).toBe(1);
      expect(await store().countConsoleInvites(site.id, at(10 * MINUTE))).toBe(0);
      expect(await store().countConsoleInvites('site_nobody0000', at(1))).toBe(0);
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
