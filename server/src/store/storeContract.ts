import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import {
  AUDIT_ENTRIES_PER_SITE,
  EVENTS_PER_USER,
  type CredentialRecord,
  type EventRecord,
  type SiteRecord,
  type UserRecord,
} from './records.ts';
import type { Store } from './Store.ts';
import { describeConsoleContract } from './consoleContract.ts';

/*
 * The Store contract, as one suite every engine runs with its own factory: the embedded
 * lowdb store (lowdbStore.test.ts) and any engine after it. It says what features may rely on.
 */

export interface StoreEngine {
  /** A new, empty store. */
  open(): Promise<Store>;
  /** The same data set opened again after `close()`: what survives a restart. */
  reopen(): Promise<Store>;
  /** Called after each test, after the stores are closed. */
  cleanup(): Promise<void>;
}

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

export const contractSite = (id = 'site_contract01', name = 'Shop'): SiteRecord => ({
  id,
  name,
  origins: ['http://shop.localhost:4000'],
  rpId: 'shop.localhost',
  loginCallback: 'http://shop.localhost:4000/cb',
  secretHash: 'a'.repeat(64),
  createdAt: at(0),
});

export const contractUser = (siteId: string, userId: string, username = userId): UserRecord => ({
  siteId,
  userId,
  username,
  displayName: username,
  webauthnUserId: `handle-${userId}`,
  createdAt: at(0),
});

export const contractCredential = (siteId: string, userId: string, id: string, counter = 0): CredentialRecord => ({
  id,
  siteId,
  userId,
  publicKey: 'pQECAyYgASFYIA',
  counter,
  transports: ['internal'],
  aaguid: '00000000-0000-0000-0000-000000000000',
  backupEligible: false,
  backedUp: false,
  deviceType: 'singleDevice',
  createdAt: at(0),
  createdOn: { devicePseudonym: 'device-aaaaaaaaaaaaaaaa', os: 'macos', browser: 'chrome', mobile: false },
  lastUsedAt: null,
  lastUsedOn: null,
});

const event = (siteId: string, userId: string, type: EventRecord['type'], ms: number, devicePseudonym = 'd'): EventRecord => ({
  siteId,
  userId,
  type,
  devicePseudonym,
  at: at(ms),
});

export function describeStoreContract(engineName: string, engine: StoreEngine): void {
  describe(`Store contract: ${engineName}`, () => {
    let store: Store;
    const site = contractSite();
    const other = contractSite('site_contract02', 'Bank');

    beforeEach(async () => {
      store = await engine.open();
      await store.putSite(site);
      await store.putSite(other);
    });
    afterEach(async () => {
      await store.close();
      await engine.cleanup();
    });

    async function restart(): Promise<void> {
      await store.close();
      store = await engine.reopen();
    }

    describe('sites', () => {
      it('puts, replaces by id, lists and survives a restart', async () => {
        await store.putSite({ ...site, name: 'Shop 2' });
        expect(await store.getSite(site.id)).toEqual({ ...site, name: 'Shop 2' });
        expect((await store.listSites()).map((s) => s.id).sort()).toEqual([site.id, other.id]);
        expect(await store.getSite('site_missing00')).toBeUndefined();
        await restart();
        expect(await store.getSite(site.id)).toEqual({ ...site, name: 'Shop 2' });
      });

      it('removing a site removes its users, passkeys, history and names, and nothing of another site', async () => {
        for (const s of [site, other]) {
          await store.putUser(contractUser(s.id, 'u1', 'alice'));
          await store.putCredential(contractCredential(s.id, 'u1', `cred-${s.id}`));
          await store.recordEvent(event(s.id, 'u1', 'login-success', 1));
        }
        expect(await store.removeSite(site.id)).toBe(true);
        expect(await store.removeSite(site.id)).toBe(false);
        const gone = async () => {
          expect(await store.getSite(site.id)).toBeUndefined();
          expect(await store.getUser(site.id, 'u1')).toBeUndefined();
          expect(await store.findUserByUsername(site.id, 'alice')).toBeUndefined();
          expect(await store.getCredential(`cred-${site.id}`)).toBeUndefined();
          expect(await store.listCredentials(site.id, 'u1')).toEqual([]);
          expect(await store.listEvents(site.id, 'u1')).toEqual([]);
          expect((await store.findUserByUsername(other.id, 'alice'))?.userId).toBe('u1');
          expect(await store.getCredential(`cred-${other.id}`)).toBeDefined();
          expect(await store.listEvents(other.id, 'u1')).toHaveLength(1);
        };
        await gone();
        await restart();
        await gone();
        // A site registered again under the same id starts empty.
        await store.putSite(site);
        expect(await store.getUser(site.id, 'u1')).toBeUndefined();
      });
    });

    describe('updateSite', () => {
      it('writes what the change returns and says so, leaves the site alone when it returns undefined, and survives a restart', async () => {
        const renamed = await store.updateSite(site.id, (current) => ({ ...current, name: 'Shop 2' }));
        expect(renamed).toEqual({ ...site, name: 'Shop 2' });
        expect(await store.updateSite(site.id, () => undefined)).toEqual({ ...site, name: 'Shop 2' });
        const check = async () => {
          expect(await store.getSite(site.id)).toEqual({ ...site, name: 'Shop 2' });
          expect(await store.getSite(other.id)).toEqual(other);
        };
        await check();
        await restart();
        await check();
      });

      it('an unknown or removed site: undefined, the change is never asked, and nothing is created', async () => {
        const change = (current: SiteRecord) => ({ ...current, name: 'Back again' });
        let asked = 0;
        const counted = (current: SiteRecord) => {
          asked += 1;
          return change(current);
        };
        expect(await store.updateSite('site_missing00', counted)).toBeUndefined();
        await store.removeSite(site.id);
        expect(await store.updateSite(site.id, counted)).toBeUndefined();
        expect(asked).toBe(0);
        const check = async () => {
          expect(await store.getSite(site.id)).toBeUndefined();
          expect(await store.getSite('site_missing00')).toBeUndefined();
          expect((await store.listSites()).map((s) => s.id)).toEqual([other.id]);
        };
        await check();
        await restart();
        await check();
      });

      it("refuses to change a site's id, and writes nothing", async () => {
        await expect(store.updateSite(site.id, (current) => ({ ...current, id: 'site_contract09', name: 'Moved' }))).rejects.toThrow(
          /a site keeps its id/,
        );
        expect(await store.getSite(site.id)).toEqual(site);
        expect(await store.getSite('site_contract09')).toBeUndefined();
      });

      it('changes made at once to different fields all land: none writes back an older record', async () => {
        const policy = { failureThreshold: 5, paused: true };
        const origins = Array.from({ length: 8 }, (_, n) => `http://shop${n}.localhost:4000`);
        await Promise.all([
          store.updateSite(site.id, (current) => ({ ...current, policy })),
          store.updateSite(site.id, (current) => ({ ...current, name: 'Shop renamed' })),
          // Each adds one origin to what it read: a change made from an old read loses the others'.
          ...origins.map((origin) => store.updateSite(site.id, (current) => ({ ...current, origins: [...current.origins, origin] }))),
        ]);
        const check = async () => {
          const stored = await store.getSite(site.id);
          expect(stored).toMatchObject({ policy, name: 'Shop renamed', secretHash: site.secretHash });
          expect([...(stored?.origins ?? [])].sort()).toEqual([...site.origins, ...origins].sort());
        };
        await check();
        await restart();
        await check();
      });
    });

    describe('users', () => {
      it('finds a user by username whatever the case and surrounding spaces, also after a restart', async () => {
        await store.putUser(contractUser(site.id, 'u1', 'Alice@Example.com'));
        expect((await store.findUserByUsername(site.id, '  alice@example.COM '))?.userId).toBe('u1');
        expect(await store.findUserByUsername(other.id, 'alice@example.com')).toBeUndefined();
        await restart();
        expect(await store.getUser(site.id, 'u1')).toEqual(contractUser(site.id, 'u1', 'Alice@Example.com'));
        expect((await store.findUserByUsername(site.id, 'ALICE@example.com'))?.userId).toBe('u1');
      });

      it('a renamed user leaves a recycled username with its new owner, before and after a restart', async () => {
        await store.putUser(contractUser(site.id, 'u1', 'carol'));
        // The site gave "carol" to u2; u1's next grant names u1 "carol.old".
        await store.putUser(contractUser(site.id, 'u2', 'Carol'));
        await store.putUser(contractUser(site.id, 'u1', 'carol.old'));
        const check = async () => {
          expect((await store.findUserByUsername(site.id, 'carol'))?.userId).toBe('u2');
          expect((await store.findUserByUsername(site.id, 'carol.old'))?.userId).toBe('u1');
        };
        await check();
        await restart();
        await check();
      });

      it('a name put for two users belongs to the one put last, also after a restart', async () => {
        await store.putUser(contractUser(site.id, 'u2', 'dave'));
        await store.putUser(contractUser(site.id, 'u1', 'erin'));
        await store.putUser(contractUser(site.id, 'u2', 'erin'));
        expect((await store.findUserByUsername(site.id, 'erin'))?.userId).toBe('u2');
        await restart();
        expect((await store.findUserByUsername(site.id, 'erin'))?.userId).toBe('u2');
      });

      it('a name held by a user with passkeys stays with it when another account is named like it, also after a restart', async () => {
        await store.putUser(contractUser(site.id, 'u1', 'alice'));
        await store.putCredential(contractCredential(site.id, 'u1', 'c-alice'));
        await store.putUser(contractUser(site.id, 'u2', 'ALICE'));
        await store.putUser(contractUser(site.id, 'u3', 'ａｌｉｃｅ'));
        await store.putUser(contractUser(site.id, 'u4', 'Kate'));
        await store.putUser(contractUser(site.id, 'u5', '\u212Aate'));
        const check = async () => {
          expect((await store.findUserByUsername(site.id, 'alice'))?.userId).toBe('u1');
          expect((await store.findUserByUsername(site.id, 'kate'))?.userId).toBe('u5');
        };
        await check();
        await restart();
        await check();
      });

      it('putting a user again, unchanged, claims its name back from an account without passkeys', async () => {
        await store.putUser(contractUser(site.id, 'u1', 'bob'));
        await store.putUser(contractUser(site.id, 'u2', 'BOB'));
        expect((await store.findUserByUsername(site.id, 'bob'))?.userId).toBe('u2');
        await store.putUser(contractUser(site.id, 'u1', 'bob'));
        expect((await store.findUserByUsername(site.id, 'bob'))?.userId).toBe('u1');
      });

      it("keeps what was put, not the caller's object: changing it afterwards changes nothing", async () => {
        const user = contractUser(site.id, 'u1', 'frank');
        await store.putUser(user);
        user.displayName = 'changed after put';
        expect((await store.getUser(site.id, 'u1'))?.displayName).toBe('frank');
      });
    });

    describe('credentials', () => {
      it('puts, replaces by id, lists per user and finds by id across sites', async () => {
        await store.putCredential(contractCredential(site.id, 'u1', 'c1'));
        await store.putCredential(contractCredential(site.id, 'u1', 'c2'));
        await store.putCredential(contractCredential(site.id, 'u1', 'c1', 7));
        await store.putCredential(contractCredential(other.id, 'u1', 'c3'));
        expect((await store.listCredentials(site.id, 'u1')).map((c) => [c.id, c.counter]).sort()).toEqual([
          ['c1', 7],
          ['c2', 0],
        ]);
        expect((await store.getCredential('c3'))?.siteId).toBe(other.id);
        await restart();
        expect(await store.getCredential('c1')).toEqual(contractCredential(site.id, 'u1', 'c1', 7));
      });

      it('a credential id never moves to another user or site (credential_exists)', async () => {
        await store.putCredential(contractCredential(site.id, 'u1', 'c1'));
        for (const [siteId, userId] of [
          [site.id, 'u2'],
          [other.id, 'u1'],
        ] as const) {
          const error = await store.putCredential(contractCredential(siteId, userId, 'c1')).catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(ApiError);
          expect(error).toMatchObject({ code: 'credential_exists' });
        }
        expect((await store.getCredential('c1'))?.userId).toBe('u1');
        expect(await store.listCredentials(site.id, 'u2')).toEqual([]);
      });

      it('removes one credential by id, for good, and says what it removed', async () => {
        await store.putCredential(contractCredential(site.id, 'u1', 'c1'));
        await store.putCredential(contractCredential(site.id, 'u1', 'c2'));
        expect((await store.removeCredential('c1'))?.id).toBe('c1');
        expect(await store.removeCredential('c1')).toBeUndefined();
        const check = async () => {
          expect(await store.getCredential('c1')).toBeUndefined();
          expect((await store.listCredentials(site.id, 'u1')).map((c) => c.id)).toEqual(['c2']);
        };
        await check();
        await restart();
        await check();
        // The id is free again only for its own user: it never moves (credential_exists).
        await expect(store.putCredential(contractCredential(other.id, 'u9', 'c2'))).rejects.toMatchObject({ code: 'credential_exists' });
      });

      it('updateCredential writes what the change returns, and nothing when it returns undefined', async () => {
        await store.putCredential(contractCredential(site.id, 'u1', 'c1', 3));
        const written = await store.updateCredential('c1', (current) => ({ ...current, counter: current.counter + 1 }));
        expect(written?.counter).toBe(4);
        expect(await store.updateCredential('c1', () => undefined)).toBeUndefined();
        expect(await store.updateCredential('missing', (current) => current)).toBeUndefined();
        await restart();
        expect((await store.getCredential('c1'))?.counter).toBe(4);
      });

      it("updateCredential refuses to change a credential's id or owner", async () => {
        await store.putCredential(contractCredential(site.id, 'u1', 'c1'));
        await expect(store.updateCredential('c1', (current) => ({ ...current, userId: 'u2' }))).rejects.toThrow(
          /keeps its id and its owner/,
        );
        expect((await store.getCredential('c1'))?.userId).toBe('u1');
      });

      it('updateCredential records its event only when the change is written, in the same step', async () => {
        await store.putCredential(contractCredential(site.id, 'u1', 'c1', 3));
        await store.updateCredential('c1', () => undefined, event(site.id, 'u1', 'login-success', 1));
        expect(await store.listEvents(site.id, 'u1')).toEqual([]);
        await store.updateCredential('c1', (current) => ({ ...current, counter: 4 }), event(site.id, 'u1', 'login-success', 2));
        await restart();
        expect(await store.listEvents(site.id, 'u1')).toEqual([event(site.id, 'u1', 'login-success', 2)]);
        expect((await store.getCredential('c1'))?.counter).toBe(4);
      });

      it('concurrent updates never lose one another: 50 increments → +50', async () => {
        await store.putCredential(contractCredential(site.id, 'u1', 'c1', 0));
        await Promise.all(
          Array.from({ length: 50 }, () => store.updateCredential('c1', (current) => ({ ...current, counter: current.counter + 1 }))),
        );
        expect((await store.getCredential('c1'))?.counter).toBe(50);
        await restart();
        expect((await store.getCredential('c1'))?.counter).toBe(50);
      });

      it("summarizes a site's passkeys: users with one, per AAGUID, per platform created on; nothing of another site", async () => {
        const made = (siteId: string, userId: string, id: string, aaguid: string, os: 'macos' | 'ios' | 'android', mobile: boolean) => ({
          ...contractCredential(siteId, userId, id),
          aaguid,
          createdOn: { devicePseudonym: `device-${id}`.padEnd(16, 'x'), os, browser: 'chrome', mobile },
        });
        const icloud = 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd';
        const google = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
        await store.putCredential(made(site.id, 'u1', 'c1', icloud, 'macos', false));
        await store.putCredential(made(site.id, 'u1', 'c2', icloud, 'ios', true));
        await store.putCredential(made(site.id, 'u2', 'c3', google, 'macos', false));
        // A user without passkeys, and one whose only passkey was removed, count for nothing.
        await store.putUser(contractUser(site.id, 'u3'));
        await store.putCredential(made(site.id, 'u4', 'c4', google, 'android', true));
        await store.removeCredential('c4');
        await store.putCredential(made(other.id, 'u1', 'c5', google, 'android', true));
        const empty = contractSite('site_contract03', 'Empty');
        await store.putSite(empty);
        await store.putUser(contractUser(empty.id, 'u1'));
        const check = async () => {
          expect(await store.summarizeCredentials(site.id)).toEqual({
            usersWithPasskeys: 2,
            passkeys: 3,
            byAaguid: { [icloud]: 2, [google]: 1 },
            byPlatform: { 'macos:desktop': 2, 'ios:mobile': 1 },
          });
          expect(await store.summarizeCredentials(other.id)).toEqual({
            usersWithPasskeys: 1,
            passkeys: 1,
            byAaguid: { [google]: 1 },
            byPlatform: { 'android:mobile': 1 },
          });
          expect(await store.summarizeCredentials(empty.id)).toEqual({ usersWithPasskeys: 0, passkeys: 0, byAaguid: {}, byPlatform: {} });
        };
        await check();
        await restart();
        await check();
      });

      it('concurrent counter checks against one old value: exactly one passes', async () => {
        await store.putCredential(contractCredential(site.id, 'u1', 'c1', 10));
        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            store.updateCredential('c1', (current) => (current.counter < 11 ? { ...current, counter: 11 } : undefined)),
          ),
        );
        expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      });
    });

    describe('events', () => {
      it("lists a user's history oldest first, per site and user", async () => {
        await store.recordEvent(event(site.id, 'u1', 'append-offer', 1));
        await store.recordEvent(event(site.id, 'u1', 'append-create', 2));
        await store.recordEvent(event(site.id, 'u2', 'append-skip', 3));
        await store.recordEvent({ ...event(other.id, 'u1', 'login-failure', 4), detail: 'NotAllowedError' });
        expect((await store.listEvents(site.id, 'u1')).map((e) => e.type)).toEqual(['append-offer', 'append-create']);
        await restart();
        expect(await store.listEvents(other.id, 'u1')).toEqual([
          { ...event(other.id, 'u1', 'login-failure', 4), detail: 'NotAllowedError' },
        ]);
      });

      it(`keeps at most ${EVENTS_PER_USER} events per user, dropping the oldest of the commonest kind`, async () => {
        for (let i = 0; i < EVENTS_PER_USER + 5; i += 1) await store.recordEvent(event(site.id, 'u1', 'append-skip', i));
        const events = await store.listEvents(site.id, 'u1');
        expect(events).toHaveLength(EVENTS_PER_USER);
        expect(events[0]?.at).toBe(at(5));
        // A flood of failure reports pushes out only failure reports, never the "never" answer.
        await store.recordEvent(event(site.id, 'u2', 'append-never', 0));
        for (let i = 1; i <= EVENTS_PER_USER + 10; i += 1) await store.recordEvent(event(site.id, 'u2', 'login-failure', i));
        const flooded = await store.listEvents(site.id, 'u2');
        expect(flooded).toHaveLength(EVENTS_PER_USER);
        expect(flooded.filter((e) => e.type === 'append-never')).toHaveLength(1);
        await restart();
        expect(await store.listEvents(site.id, 'u2')).toEqual(flooded);
      });

      it("a full history gives up failures from devices that never used a passkey before the person's own", async () => {
        let ms = 0;
        const record = (type: EventRecord['type'], device: string) => {
          ms += 1;
          return store.recordEvent(event(site.id, 'u8', type, ms, device));
        };
        await record('append-create', 'laptop');
        await record('login-failure', 'laptop');
        for (let i = 0; i < EVENTS_PER_USER + 10; i += 1) await record('login-failure', `stranger-${i}`);
        const events = await store.listEvents(site.id, 'u8');
        expect(events).toHaveLength(EVENTS_PER_USER);
        expect(events.filter((e) => e.devicePseudonym === 'laptop').map((e) => e.type)).toEqual(['append-create', 'login-failure']);
      });

      it("a full history keeps each device's latest success and drops what nothing reads first", async () => {
        let ms = 0;
        const record = (type: EventRecord['type'], device: string) => {
          ms += 1;
          return store.recordEvent(event(site.id, 'u7', type, ms, device));
        };
        await record('append-never', 'phone');
        await record('login-failure', 'phone');
        await record('login-success', 'phone');
        while ((await store.listEvents(site.id, 'u7')).length < EVENTS_PER_USER) await record('login-success', 'laptop');
        for (let i = 0; i < 5; i += 1) {
          await record('append-offer', 'laptop');
          await record('login-failure', 'laptop');
        }
        const events = await store.listEvents(site.id, 'u7');
        expect(events).toHaveLength(EVENTS_PER_USER);
        expect(events.filter((e) => e.devicePseudonym === 'phone').map((e) => e.type)).toEqual(['login-success']);
        expect(events.filter((e) => e.type === 'login-failure')).toHaveLength(5);
      });
    });

    describe('signing key and redeemed tokens', () => {
      it('keeps signing keys in the order added, across a restart; a kid is added once', async () => {
        expect(await store.listSigningKeys()).toEqual([]);
        const key = (kid: string, ms: number) => ({
          kid,
          privateJwk: { kty: 'EC' as const, crv: 'P-256' as const, x: 'x', y: 'y', d: 'd' },
          createdAt: at(ms),
        });
        expect(await store.addSigningKey(key('k1', 0))).toBe(true);
        expect(await store.addSigningKey({ ...key('k2', 1), notBefore: at(60_000) })).toBe(true);
        expect(await store.addSigningKey(key('k1', 2))).toBe(false);
        await restart();
        expect(await store.listSigningKeys()).toEqual([key('k1', 0), { ...key('k2', 1), notBefore: at(60_000) }]);
        expect(await store.removeSigningKey('k1')).toBe(true);
        expect(await store.removeSigningKey('k1')).toBe(false);
        await restart();
        expect((await store.listSigningKeys()).map((k) => k.kid)).toEqual(['k2']);
      });

      it('a first key added by several servers at once: exactly one is kept', async () => {
        const key = (kid: string) => ({
          kid,
          privateJwk: { kty: 'EC' as const, crv: 'P-256' as const, x: 'x', y: 'y', d: 'd' },
          createdAt: at(0),
        });
        const added = await Promise.all(['a', 'b', 'c', 'd'].map((kid) => store.addSigningKey(key(kid), { onlyIfNone: true })));
        expect(added.filter(Boolean)).toHaveLength(1);
        expect(await store.listSigningKeys()).toHaveLength(1);
      });

      it('marks a token id used once, also when marked concurrently and after a restart', async () => {
        const now = 1_000;
        const results = await Promise.all(Array.from({ length: 10 }, () => store.markTokenUsed('jti-1', now + 120, now)));
        expect(results.filter(Boolean)).toHaveLength(1);
        await restart();
        expect(await store.markTokenUsed('jti-1', now + 120, now + 1)).toBe(false);
        expect(await store.markTokenUsed('jti-2', now + 120, now + 1)).toBe(true);
      });

      it('forgets token ids once they are expired (an expired token fails verification anyway)', async () => {
        expect(await store.markTokenUsed('jti-old', 100, 50)).toBe(true);
        expect(await store.markTokenUsed('jti-new', 500, 101)).toBe(true);
        expect(await store.markTokenUsed('jti-old', 100, 102)).toBe(true);
        expect(await store.markTokenUsed('jti-new', 500, 102)).toBe(false);
      });
    });

    describe('aggregate counters', () => {
      it('adds per site and day, concurrent additions all count, and they survive a restart', async () => {
        await store.addToCounters(site.id, '2026-12-01', { passkeyLoginsSucceeded: 2, 'decision:passkey': 1 });
        await Promise.all(Array.from({ length: 20 }, () => store.addToCounters(site.id, '2026-12-02', { passkeyLoginsSucceeded: 1 })));
        await store.addToCounters(other.id, '2026-12-02', { passkeyLoginsSucceeded: 5 });
        const check = async () => {
          expect(await store.readCounters(site.id, '2026-12-01', '2026-12-31')).toEqual({
            '2026-12-01': { passkeyLoginsSucceeded: 2, 'decision:passkey': 1 },
            '2026-12-02': { passkeyLoginsSucceeded: 20 },
          });
          expect(await store.readCounters(site.id, '2026-12-02', '2026-12-02')).toEqual({ '2026-12-02': { passkeyLoginsSucceeded: 20 } });
          expect(await store.readCounters(other.id, '2026-11-01', '2026-11-30')).toEqual({});
        };
        await check();
        await restart();
        await check();
      });

      it("a removed site's counters go with it", async () => {
        await store.addToCounters(site.id, '2026-12-01', { appendCreated: 1 });
        await store.removeSite(site.id);
        await store.addToCounters(site.id, '2026-12-01', { appendCreated: 1 });
        await store.putSite(site);
        expect(await store.readCounters(site.id, '2026-01-01', '2026-12-31')).toEqual({});
      });
    });

    describe('audit list', () => {
      const change = (siteId: string, ms: number, action: 'policy-changed' | 'secret-rotated' = 'policy-changed') => ({
        siteId,
        at: at(ms),
        actor: 'cli',
        action,
        detail: `change ${ms}`,
      });

      it('newest first, per site, bounded by the limit asked, and it survives a restart', async () => {
        for (let ms = 1; ms <= 5; ms += 1) await store.recordAudit(change(site.id, ms));
        await store.recordAudit(change(other.id, 9, 'secret-rotated'));
        const check = async () => {
          expect((await store.listAudit(site.id, 3)).map((entry) => entry.detail)).toEqual(['change 5', 'change 4', 'change 3']);
          expect(await store.listAudit(other.id, 10)).toEqual([change(other.id, 9, 'secret-rotated')]);
        };
        await check();
        await restart();
        await check();
      });

      it(`keeps a site's newest ${AUDIT_ENTRIES_PER_SITE}`, async () => {
        for (let ms = 1; ms <= AUDIT_ENTRIES_PER_SITE + 3; ms += 1) await store.recordAudit(change(site.id, ms));
        const kept = await store.listAudit(site.id, 10_000);
        expect(kept).toHaveLength(AUDIT_ENTRIES_PER_SITE);
        expect(kept[0]?.detail).toBe(`change ${AUDIT_ENTRIES_PER_SITE + 3}`);
        expect(kept.at(-1)?.detail).toBe('change 4');
      });

      it("a removed site's list goes with it", async () => {
        await store.recordAudit(change(site.id, 1));
        await store.removeSite(site.id);
        await store.putSite(site);
        expect(await store.listAudit(site.id, 10)).toEqual([]);
      });
    });

    describeConsoleContract({ store: () => store, restart, site, other });

    it('a closed store refuses changes', async () => {
      await store.close();
      await expect(store.putUser(contractUser(site.id, 'u1'))).rejects.toMatchObject({ code: 'storage_failed' });
      store = await engine.reopen();
      expect(await store.getUser(site.id, 'u1')).toBeUndefined();
    });
  });
}
