import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { consoleLinkBodySchema, rotateSecretBodySchema, siteIdSchema, sitePolicySchema, siteRegistrationSchema } from '@pkc/shared';
import { mintConsoleInvite } from '../console/invites.ts';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/parseBody.ts';
import type { Store } from '../store/Store.ts';
import { bearerToken } from './siteAuth.ts';
import { createSite, listPartners, removeSite, rotateSiteSecret, setSitePolicy, verifySiteOrigins } from './siteService.ts';

/**
 * Site administration for `npm run site` while the server owns the data file, so a site
 * registered now is live at once (CONTRACT.md). The token is random per server start and
 * is only written to the 0600 lock file next to the data file; without one, no routes exist.
 */
/** The admin API is `npm run site` reaching a running server: its changes are the CLI's. */
const BY_CLI = { actor: 'cli' };

export function adminRoutes(deps: { store: Store; clock: Clock; adminToken: string | undefined; publicUrl: string }): Router {
  const router = Router();
  const { store, clock, adminToken, publicUrl } = deps;
  if (adminToken === undefined) return router;
  const expected = Buffer.from(adminToken);
  const requireAdmin: RequestHandler = (req, _res, next) => {
    const presented = Buffer.from(bearerToken(req) ?? '');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new ApiError('unauthorized', 'missing or wrong admin token');
    }
    next();
  };
  router.use('/v1/admin', requireAdmin);

  router.get('/v1/admin/sites', async (_req, res) => {
    res.json({ partners: await listPartners(store) });
  });
  router.post('/v1/admin/sites', async (req, res) => {
    res.status(201).json(await createSite(store, clock, parseWith(siteRegistrationSchema, req.body), BY_CLI));
  });
  router.post('/v1/admin/sites/:siteId/rotate-secret', async (req, res) => {
    const { overlapMinutes } = parseWith(rotateSecretBodySchema, req.body ?? {});
    res.json(await rotateSiteSecret(store, clock, parseWith(siteIdSchema, req.params['siteId']), overlapMinutes, BY_CLI));
  });
  router.post('/v1/admin/sites/:siteId/verify', async (req, res) => {
    await verifySiteOrigins(store, parseWith(siteIdSchema, req.params['siteId']), undefined, BY_CLI);
    res.json({ ok: true });
  });
  router.post('/v1/admin/sites/:siteId/console-link', async (req, res) => {
    const { minutes } = parseWith(consoleLinkBodySchema, req.body ?? {});
    const siteId = parseWith(siteIdSchema, req.params['siteId']);
    res.status(201).json(await mintConsoleInvite(store, clock, publicUrl, siteId, BY_CLI.actor, minutes));
  });
  router.put('/v1/admin/sites/:siteId/policy', async (req, res) => {
    await setSitePolicy(store, parseWith(siteIdSchema, req.params['siteId']), parseWith(sitePolicySchema, req.body), { clock, ...BY_CLI });
    res.json({ ok: true });
  });
  router.delete('/v1/admin/sites/:siteId', async (req, res) => {
    await removeSite(store, parseWith(siteIdSchema, req.params['siteId']));
    res.json({ ok: true });
  });
  return router;
}
