import { Router } from 'express';
import {
  appendGrantBodySchema,
  siteAuditQuerySchema,
  siteStatsQuerySchema,
  tokenVerifyBodySchema,
  type TokenVerifyReply,
} from '@pkc/shared';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/parseBody.ts';
import type { SiteCounters } from '../stats/siteCounters.ts';
import { COUNTER } from '../stats/counterNames.ts';
import { siteStats } from '../stats/siteStats.ts';
import type { Store } from '../store/Store.ts';
import type { AppendGrants } from '../tokens/appendGrants.ts';
import type { TokenSigner } from '../tokens/loginTokens.ts';
import { credentialRoutes } from './credentialRoutes.ts';
import { authenticatedSite, siteSecretAuth } from './siteAuth.ts';

interface Deps {
  store: Store;
  clock: Clock;
  grants: AppendGrants;
  signer: TokenSigner;
  counters: SiteCounters;
}

/** The two backend hooks a partner site calls (CONTRACT.md, site-owner API), and its passkey counts. */
export function siteOwnerRoutes({ store, clock, grants, signer, counters }: Deps): Router {
  const router = Router();
  router.use('/v1/sites/:siteId', siteSecretAuth(store, clock));
  router.use(credentialRoutes(store));

  // Who changed the site's settings, when, and what (issue 15).
  router.get('/v1/sites/:siteId/audit', async (req, res) => {
    const site = authenticatedSite(req);
    const { limit } = parseWith(siteAuditQuerySchema, req.query);
    const entries = await store.listAudit(site.id, limit);
    res.json({ entries: entries.map(({ siteId: _site, ...entry }) => entry) });
  });

  // What passkeys did for the site, per day: aggregate counts only (issue 15).
  router.get('/v1/sites/:siteId/stats', async (req, res) => {
    const site = authenticatedSite(req);
    res.json(await siteStats(store, counters, site.id, parseWith(siteStatsQuerySchema, req.query)));
  });

  // Hook 1: right after the site's own login succeeded.
  router.post('/v1/sites/:siteId/append-grants', async (req, res) => {
    const site = authenticatedSite(req);
    const body = parseWith(appendGrantBodySchema, req.body);
    const minted = await grants.mint(site.id, body);
    if (body.signedInWith !== 'passkey') counters.count(site.id, COUNTER.passwordLogins);
    res.status(201).json(minted);
  });

  // Hook 2: redeem a login token once; the audience is the site that authenticated.
  router.post('/v1/sites/:siteId/login-tokens/verify', async (req, res) => {
    const site = authenticatedSite(req);
    const { token, nonce } = parseWith(tokenVerifyBodySchema, req.body);
    const claims = await signer.verify(token, site.id);
    // Login CSRF (security review round 2, finding 1): a token made in one browser, posted
    // into another by a cross-site form, carries the first browser's nonce, not this one's.
    if (nonce !== undefined && claims.nonce !== nonce) {
      throw new ApiError('token_other_browser', 'this login token was made in another browser; sign in again here');
    }
    if (!(await store.markTokenUsed(claims.jti, claims.exp, Math.floor(clock.now() / 1000)))) {
      throw new ApiError('token_used', 'this login token was already redeemed');
    }
    const reply: TokenVerifyReply = {
      userId: claims.sub,
      username: claims.username,
      credentialId: claims.credentialId,
      crossDevice: claims.crossDevice,
      authTime: new Date(claims.iat * 1000).toISOString(),
      newPasskey: claims.firstUse === true,
    };
    res.json(reply);
  });

  return router;
}
