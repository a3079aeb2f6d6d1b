import type {
  PasskeyDeleteReply,
  PasskeysDeleteBody,
  PasskeysListBody,
  PasskeysReply,
  PasskeysSessionBody,
  PasskeysSessionReply,
} from '@pkc/shared';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { requireSiteAtOrigin } from '../sites/siteService.ts';
import type { SiteRecord } from '../store/records.ts';
import type { Store } from '../store/Store.ts';
import { requireGrantFor } from '../tokens/appendGrants.ts';
import type { AppendGrantsRememberingLogins } from './grantLogins.ts';
import { managedPasskey } from './managedPasskey.ts';
import type { ManageSession, ManageSessions } from './manageSessions.ts';

export interface PasskeysDeps {
  store: Store;
  clock: Clock;
  grants: AppendGrantsRememberingLogins;
  sessions: ManageSessions;
}

/**
 * A recent login's grant → a manage session (ARCHITECTURE §2: the extension's word is never
 * enough; the grant is the partner backend's). The grant's login is taken before anything can
 * fail, so a grant presented at the wrong site or origin is used up too.
 */
export async function openManageSession(deps: PasskeysDeps, body: PasskeysSessionBody): Promise<PasskeysSessionReply> {
  const taken = await deps.grants.takeLogin(body.grant);
  const site = await requireSiteAtOrigin(deps.store, body.siteId, body.origin);
  const login = requireGrantFor(taken, site.id);
  const { session, expiresAt } = await deps.sessions.open(site.id, login.userId);
  return { session, expiresAt: new Date(expiresAt).toISOString() };
}

export async function listPasskeys(deps: PasskeysDeps, body: PasskeysListBody): Promise<PasskeysReply> {
  const { site, session } = await useSession(deps, body);
  return currentPasskeys(deps, site, session, body.devicePseudonym);
}

/** Removes one of the session user's passkeys; another user's (or site's) is not_found, and stays. */
export async function deletePasskey(deps: PasskeysDeps, body: PasskeysDeleteBody): Promise<PasskeyDeleteReply> {
  const { site, session } = await useSession(deps, body);
  const owned = (await deps.store.listCredentials(site.id, session.userId)).some((credential) => credential.id === body.credentialId);
  if (!owned || (await deps.store.removeCredential(body.credentialId)) === undefined) {
    // The session is spent either way: the reply carries no successor, so the popup asks again.
    throw new ApiError('not_found', 'you have no passkey with that id on this site');
  }
  return { ...(await currentPasskeys(deps, site, session, body.devicePseudonym)), removed: body.credentialId };
}

/** The session is consumed first (single use, even when the origin turns out wrong). */
async function useSession(deps: PasskeysDeps, body: PasskeysListBody): Promise<{ site: SiteRecord; session: ManageSession }> {
  const session = await deps.sessions.take(body.session, body.siteId);
  const site = await requireSiteAtOrigin(deps.store, body.siteId, body.origin);
  return { site, session };
}

async function currentPasskeys(
  deps: PasskeysDeps,
  site: SiteRecord,
  session: ManageSession,
  devicePseudonym: string,
): Promise<PasskeysReply> {
  const user = await deps.store.getUser(site.id, session.userId);
  // A user appears with their first grant's append/start; without one there is nothing to show.
  const credentials = user === undefined ? [] : await deps.store.listCredentials(site.id, user.userId);
  const next = await deps.sessions.successor(session);
  return {
    session: next.session,
    expiresAt: new Date(next.expiresAt).toISOString(),
    username: user?.username ?? '',
    passkeys: credentials.map((credential) => managedPasskey(credential, devicePseudonym)),
    ...(user === undefined
      ? {}
      : {
          signal: {
            rpId: site.rpId,
            userId: user.webauthnUserId,
            acceptedCredentialIds: credentials.map((credential) => credential.id),
            name: user.username,
            displayName: user.displayName,
          },
        }),
  };
}
