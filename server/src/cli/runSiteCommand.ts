import {
  errorBodySchema,
  inviteCreatedReplySchema,
  partnersReplySchema,
  siteCreatedReplySchema,
  type InviteCreatedReply,
  type Partner,
  type SiteCreatedReply,
} from '@pkc/shared';
import { mintConsoleInvite } from '../console/invites.ts';
import { systemClock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { readLiveLock, type LockInfo } from '../store/fileLock.ts';
import { LowdbStore } from '../store/lowdbStore.ts';
import { PgStore } from '../store/postgres/pgStore.ts';
import type { Store } from '../store/Store.ts';
import type { StorageChoice } from '../storage.ts';
import type { SiteCommand } from './parseSiteArgs.ts';
import { createSite, listPartners, removeSite, rotateSiteSecret, setSitePolicy, verifySiteOrigins } from '../sites/siteService.ts';

/** Changes made from `npm run site`, in the sites' audit lists. */
const CLI = { actor: 'cli' };

export type SiteCommandResult = SiteCreatedReply | InviteCreatedReply | { partners: Partner[] } | { ok: true };

/**
 * On PostgreSQL, straight to the database: every server sees the change within seconds
 * (pgStore.ts SITE_CACHE_MS). On the embedded store a running server owns the data file: talk
 * to it over loopback so the change is live at once. Otherwise open the file ourselves (taking
 * the lock, so a server started meanwhile waits its turn by refusing).
 */
export async function runSiteCommand(storage: StorageChoice, command: SiteCommand, publicUrl: string): Promise<SiteCommandResult> {
  if ('databaseUrl' in storage) return runOnStore(await PgStore.open(storage.databaseUrl), command, publicUrl);
  const lock = await readLiveLock(storage.dataFile);
  if (lock) return viaServer(lock, command);
  return runOnStore(await LowdbStore.open(storage.dataFile), command, publicUrl);
}

/** Runs the command on an open store, and closes it. */
async function runOnStore(store: Store, command: SiteCommand, publicUrl: string): Promise<SiteCommandResult> {
  try {
    switch (command.kind) {
      case 'add':
        return await createSite(store, systemClock, command.registration, CLI);
      case 'list':
        return { partners: await listPartners(store) };
      case 'rotate-secret':
        return await rotateSiteSecret(store, systemClock, command.siteId, command.overlapMinutes, CLI);
      case 'remove':
        await removeSite(store, command.siteId);
        return { ok: true };
      case 'set-policy':
        await setSitePolicy(store, command.siteId, command.policy, CLI);
        return { ok: true };
      case 'verify':
        await verifySiteOrigins(store, command.siteId, undefined, CLI);
        return { ok: true };
      case 'console-link':
        return await mintConsoleInvite(store, systemClock, publicUrl, command.siteId, CLI.actor, command.minutes);
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  } finally {
    await store.close();
  }
}

async function viaServer(lock: LockInfo, command: SiteCommand): Promise<SiteCommandResult> {
  const { adminUrl, adminToken } = lock;
  if (adminUrl === undefined || adminToken === undefined) {
    throw new ApiError('storage_failed', `process ${lock.pid} owns the data file but is not serving yet; try again`);
  }
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(5_000),
    });
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = errorBodySchema.safeParse(json);
      throw new Error(`server answered ${response.status}: ${error.success ? error.data.error.message : 'no details'}`);
    }
    return json;
  };
  switch (command.kind) {
    case 'add':
      return siteCreatedReplySchema.parse(await call('POST', '/v1/admin/sites', command.registration));
    case 'list':
      return partnersReplySchema.parse(await call('GET', '/v1/admin/sites'));
    case 'rotate-secret':
      return siteCreatedReplySchema.parse(
        await call('POST', `/v1/admin/sites/${command.siteId}/rotate-secret`, { overlapMinutes: command.overlapMinutes }),
      );
    case 'remove':
      await call('DELETE', `/v1/admin/sites/${command.siteId}`);
      return { ok: true };
    case 'set-policy':
      await call('PUT', `/v1/admin/sites/${command.siteId}/policy`, command.policy);
      return { ok: true };
    case 'verify':
      await call('POST', `/v1/admin/sites/${command.siteId}/verify`, {});
      return { ok: true };
    case 'console-link':
      // The running server names its own public URL in the link.
      return inviteCreatedReplySchema.parse(
        await call(
          'POST',
          `/v1/admin/sites/${command.siteId}/console-link`,
          command.minutes === undefined ? {} : { minutes: command.minutes },
        ),
      );
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}
