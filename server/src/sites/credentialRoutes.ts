import { Router } from 'express';
import { credentialIdB64, siteUserIdSchema, type SiteCredential } from '@pkc/shared';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/parseBody.ts';
import type { CredentialRecord } from '../store/records.ts';
import type { Store } from '../store/Store.ts';
import { authenticatedSite } from './siteAuth.ts';

/**
 * A user's passkeys, for the site (security review round 2, finding 5): see them, remove one,
 * remove all ("reset password" / "sign out everywhere" must not leave a passkey behind, e.g. one
 * made from a stolen grant). Behind the site secret (siteOwnerRoutes mounts the auth).
 */
export function credentialRoutes(store: Store): Router {
  const router = Router();
  const path = '/v1/sites/:siteId/users/:userId/credentials';

  router.get(path, async (req, res) => {
    const site = authenticatedSite(req);
    const userId = parseWith(siteUserIdSchema, req.params['userId']);
    res.json({ credentials: (await store.listCredentials(site.id, userId)).map(siteCredential) });
  });

  router.delete(`${path}/:credentialId`, async (req, res) => {
    const site = authenticatedSite(req);
    const userId = parseWith(siteUserIdSchema, req.params['userId']);
    const credentialId = parseWith(credentialIdB64, req.params['credentialId']);
    const owned = (await store.listCredentials(site.id, userId)).some((credential) => credential.id === credentialId);
    if (!owned || (await store.removeCredential(credentialId)) === undefined) {
      throw new ApiError('not_found', 'this user has no passkey with that id');
    }
    res.json({ removed: 1 });
  });

  router.delete(path, async (req, res) => {
    const site = authenticatedSite(req);
    const userId = parseWith(siteUserIdSchema, req.params['userId']);
    const credentials = await store.listCredentials(site.id, userId);
    const removed = await Promise.all(credentials.map((credential) => store.removeCredential(credential.id)));
    res.json({ removed: removed.filter((credential) => credential !== undefined).length });
  });
  return router;
}

function siteCredential(record: CredentialRecord): SiteCredential {
  return {
    credentialId: record.id,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    aaguid: record.aaguid,
    synced: record.backupEligible,
    createdOn: { os: record.createdOn.os, browser: record.createdOn.browser, mobile: record.createdOn.mobile },
  };
}
