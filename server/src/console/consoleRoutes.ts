import { Router, type Request, type Response } from 'express';
import {
  consoleSiteRegistrationSchema,
  enrolFinishBodySchema,
  enrolOptionsBodySchema,
  inviteAcceptBodySchema,
  inviteCheckBodySchema,
  ownerIdSchema,
  rotateSecretBodySchema,
  signinFinishBodySchema,
  siteAuditQuerySchema,
  siteIdSchema,
  sitePolicySchema,
  siteSettingsBodySchema,
  siteStatsQuerySchema,
  type ConsoleSessionReply,
  type ConsoleSiteReply,
} from '@pkc/shared';
import { randomBytes } from 'node:crypto';
import { isoAt, type Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { parseWith } from '../http/parseBody.ts';
import type { SharedState } from '../sharedState/SharedState.ts';
import { fetchOriginProof, isLoopbackUrl } from '../sites/originProof.ts';
import { recordChange } from '../sites/siteAudit.ts';
import { createSite, requireSite, rotateSiteSecret, setSitePolicy, updateSiteSettings, verifySiteOrigins } from '../sites/siteService.ts';
import type { SiteCounters } from '../stats/siteCounters.ts';
import { siteStats } from '../stats/siteStats.ts';
import type { ConsoleOwnerRecord, SiteRecord } from '../store/records.ts';
import type { Store } from '../store/Store.ts';
import { ConsoleSessions, signedInOwner } from './consoleSessions.ts';
import { consoleStats, statsCsv } from './consoleStats.ts';
import { checkInvite, inviteHash, mintConsoleInvite, takeInvite } from './invites.ts';
import { OwnerPasskeys } from './ownerPasskeys.ts';

export interface ConsoleConfig {
  /** PUBLIC_URL: the console's origin, and its passkeys' RP ID (the host). */
  publicUrl: string;
  /** CONSOLE_SELF_SERVICE: owners may register sites themselves (inactive until verified). Off by default. */
  selfService: boolean;
  /** Tests: how an origin's proof is fetched (sites/originProof.ts by default). */
  fetchProof?: (origin: string) => Promise<unknown>;
}

interface Deps {
  store: Store;
  clock: Clock;
  shared: SharedState;
  counters: SiteCounters;
  config: ConsoleConfig;
}

/** One owner may hold this many sites: self-service registration can't fill the store. */
const MAX_SITES_PER_OWNER = 50;
/** Unused enrolment links one site may have at once. */
export const MAX_OPEN_INVITES_PER_SITE = 20;

/** How an owner appears in a site's audit list (AuditEntry.actor is at most 100 characters). */
export const consoleActor = (owner: ConsoleOwnerRecord) => `console:${owner.name.slice(0, 60)} (${owner.id.slice(0, 12)}…)`;

/**
 * The site-owner console's API (issue 15). Signed-out routes sign in or enrol; everything else
 * needs a session, and everything under /sites/:siteId needs the owner to own that site: another
 * site answers 404 exactly like one that doesn't exist.
 */
export function consoleRoutes({ store, clock, shared, counters, config }: Deps): Router {
  const router = Router();
  const sessions = new ConsoleSessions(store, clock, new URL(config.publicUrl).origin);
  const passkeys = new OwnerPasskeys(shared, store, clock, config.publicUrl);
  const author = (owner: ConsoleOwnerRecord) => ({ actor: consoleActor(owner), clock });
  // Owners may type any origin (self-service): their proofs are fetched from public addresses
  // only, unless the console itself runs on loopback (a developer's, where partner sites are too).
  const onLoopback = isLoopbackUrl(config.publicUrl);
  const fetchForOwners = (origin: string) => fetchOriginProof(origin, { allowPrivateAddresses: onLoopback });

  const sessionReply = async (owner: ConsoleOwnerRecord, csrfToken: string): Promise<ConsoleSessionReply> => {
    const sites = (await Promise.all(owner.siteIds.map((siteId) => store.getSite(siteId)))).filter((site) => site !== undefined);
    return {
      owner: { id: owner.id, name: owner.name },
      sites: sites.map((site) => ({ siteId: site.id, name: site.name, active: site.pendingVerification === undefined })),
      csrfToken,
      selfService: config.selfService,
    };
  };
  const signIn = async (res: Response, owner: ConsoleOwnerRecord) => {
    const session = await sessions.open(res, owner);
    res.json(await sessionReply(owner, session.csrfToken));
  };
  const tooMany = () => new ApiError('bad_request', `an owner holds at most ${MAX_SITES_PER_OWNER} sites`);
  /** Checked before anything is used up (an invite, a new site); the atomic add below is what holds. */
  const requireRoom = (owner: ConsoleOwnerRecord) => {
    if (owner.siteIds.length >= MAX_SITES_PER_OWNER) throw tooMany();
  };
  /** Atomically: two requests at once can't both pass the cap. False when the owner had it already. */
  const addSiteTo = async (owner: ConsoleOwnerRecord, siteId: string): Promise<boolean> => {
    const added = await store.addConsoleOwnerSite(owner.id, siteId, MAX_SITES_PER_OWNER);
    if (added === 'full') throw tooMany();
    if (added === 'no-owner') throw new ApiError('console_session_required', 'this console account no longer exists');
    return added === 'added';
  };
  const currentOwner = async (ownerId: string): Promise<ConsoleOwnerRecord> => {
    const owner = await store.getConsoleOwner(ownerId);
    if (!owner) throw new ApiError('console_session_required', 'this console account no longer exists');
    return owner;
  };

  router.use('/v1/console', sessions.requireSameOrigin);
  router.get('/v1/console/info', (_req, res) => {
    res.json({ selfService: config.selfService });
  });

  // ---- signed out: sign in, or enrol with a link (or, with self-service, without one) ----
  router.post('/v1/console/signin/options', async (_req, res) => {
    res.json(await passkeys.signinOptions());
  });
  router.post('/v1/console/signin/finish', async (req, res) => {
    const body = parseWith(signinFinishBodySchema, req.body);
    await signIn(res, await passkeys.signinFinish(body.ceremonyId, body.response));
  });
  router.post('/v1/console/invites/check', async (req, res) => {
    const invite = await checkInvite(store, clock, parseWith(inviteCheckBodySchema, req.body).invite);
    const site = await requireSite(store, invite.siteId);
    res.json({ siteName: site.name, expiresAt: invite.expiresAt });
  });
  router.post('/v1/console/enrol/options', async (req, res) => {
    const body = parseWith(enrolOptionsBodySchema, req.body);
    if (body.invite === undefined && !config.selfService) {
      throw new ApiError('self_service_off', 'this server adds console owners by invitation only: ask for a link');
    }
    const invite = body.invite === undefined ? undefined : await checkInvite(store, clock, body.invite);
    res.json(await passkeys.enrolOptions({ name: body.name, ...(invite ? { inviteHash: invite.tokenHash } : {}) }));
  });
  router.post('/v1/console/enrol/finish', async (req, res) => {
    const body = parseWith(enrolFinishBodySchema, req.body);
    const { enrolment, passkeyFor } = await passkeys.enrolFinish(body.ceremonyId, body.response);
    // The link is used up only now that a passkey exists: a cancelled prompt leaves it usable.
    const invite = enrolment.inviteHash === undefined ? undefined : await takeInvite(store, clock, enrolment.inviteHash);
    const owner: ConsoleOwnerRecord = {
      id: `own_${randomBytes(18).toString('base64url')}`,
      name: enrolment.name,
      webauthnUserId: enrolment.webauthnUserId,
      siteIds: invite ? [invite.siteId] : [],
      createdAt: isoAt(clock),
    };
    await store.putConsoleOwner(owner);
    await store.putConsolePasskey(passkeyFor(owner.id));
    if (invite) await recordChange(store, invite.siteId, 'owner-added', author(owner), `${owner.name}, enrolled with a link`);
    res.status(201);
    await signIn(res, owner);
  });

  // ---- signed in ----
  router.use('/v1/console', sessions.requireSignedIn);
  router.get('/v1/console/session', async (req, res) => {
    const { owner, session } = signedInOwner(req);
    res.json(await sessionReply(owner, session.csrfToken));
  });
  router.post('/v1/console/signout', async (req, res) => {
    await sessions.end(req, res);
    res.json({ ok: true });
  });
  router.post('/v1/console/invites/accept', async (req, res) => {
    const { owner, session } = signedInOwner(req);
    requireRoom(owner);
    const invite = await takeInvite(store, clock, inviteHash(parseWith(inviteAcceptBodySchema, req.body).invite));
    await requireSite(store, invite.siteId);
    if (await addSiteTo(owner, invite.siteId))
      await recordChange(store, invite.siteId, 'owner-added', author(owner), `${owner.name}, with a link`);
    res.json(await sessionReply(await currentOwner(owner.id), session.csrfToken));
  });
  router.post('/v1/console/sites', async (req, res) => {
    const { owner } = signedInOwner(req);
    if (!config.selfService)
      throw new ApiError('self_service_off', 'sites are registered by the server operator here (npm run site -- add)');
    const registration = parseWith(consoleSiteRegistrationSchema, req.body);
    requireRoom(owner);
    // Anyone may type any origin here: the site stays inactive until each origin serves its proof.
    const created = await createSite(store, clock, { ...registration, verifyOrigins: true }, author(owner));
    try {
      await addSiteTo(owner, created.siteId);
    } catch (error) {
      // Another request took the last place meanwhile: the new site would belong to no one.
      await store.removeSite(created.siteId);
      throw error;
    }
    res.status(201).json(created);
  });

  // ---- one site: its owners only ----
  const ownedSite = async (req: Request): Promise<{ owner: ConsoleOwnerRecord; site: SiteRecord }> => {
    const { owner } = signedInOwner(req);
    const siteId = siteIdSchema.safeParse(req.params['siteId']);
    const site = siteId.success && owner.siteIds.includes(siteId.data) ? await store.getSite(siteId.data) : undefined;
    if (!site) throw new ApiError('not_found', 'no such site in your console');
    return { owner, site };
  };
  const siteView = async (site: SiteRecord): Promise<ConsoleSiteReply> => ({
    siteId: site.id,
    name: site.name,
    origins: site.origins,
    rpId: site.rpId,
    loginCallback: site.loginCallback,
    policy: site.policy ?? {},
    active: site.pendingVerification === undefined,
    ...(site.pendingVerification ? { originProof: { siteId: site.id, token: site.pendingVerification.token } } : {}),
    ...(site.pendingOrigins
      ? { pendingOrigins: site.pendingOrigins.origins, originProof: { siteId: site.id, token: site.pendingOrigins.token } }
      : {}),
    ...(site.previousSecret && Date.parse(site.previousSecret.until) > clock.now()
      ? { previousSecretUntil: site.previousSecret.until }
      : {}),
    owners: (await store.listConsoleOwners(site.id)).map(({ id, name }) => ({ id, name })),
    createdAt: site.createdAt,
  });

  router.get('/v1/console/sites/:siteId', async (req, res) => {
    res.json(await siteView((await ownedSite(req)).site));
  });
  router.get('/v1/console/sites/:siteId/stats', async (req, res) => {
    const { site } = await ownedSite(req);
    res.json(await consoleStats(store, counters, site.id, parseWith(siteStatsQuerySchema, req.query)));
  });
  router.get('/v1/console/sites/:siteId/stats.csv', async (req, res) => {
    const { site } = await ownedSite(req);
    const query = parseWith(siteStatsQuerySchema, req.query);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`passkey-stats-${site.id}-${query.from}-${query.to}.csv`)
      .send(statsCsv(await siteStats(store, counters, site.id, query)));
  });
  router.get('/v1/console/sites/:siteId/audit', async (req, res) => {
    const { site } = await ownedSite(req);
    const { limit } = parseWith(siteAuditQuerySchema, req.query);
    res.json({ entries: (await store.listAudit(site.id, limit)).map(({ siteId: _site, ...entry }) => entry) });
  });
  router.put('/v1/console/sites/:siteId/policy', async (req, res) => {
    const { owner, site } = await ownedSite(req);
    await setSitePolicy(store, site.id, parseWith(sitePolicySchema, req.body), author(owner));
    res.json(await siteView(await requireSite(store, site.id)));
  });
  router.put('/v1/console/sites/:siteId/settings', async (req, res) => {
    const { owner, site } = await ownedSite(req);
    res.json(await siteView(await updateSiteSettings(store, site.id, parseWith(siteSettingsBodySchema, req.body), author(owner))));
  });
  router.post('/v1/console/sites/:siteId/rotate-secret', async (req, res) => {
    const { owner, site } = await ownedSite(req);
    const { overlapMinutes } = parseWith(rotateSecretBodySchema, req.body);
    res.json(await rotateSiteSecret(store, clock, site.id, overlapMinutes, author(owner)));
  });
  router.post('/v1/console/sites/:siteId/invites', async (req, res) => {
    const { owner, site } = await ownedSite(req);
    // Unused links are capped per site: minting can't bloat the store or flush the audit list.
    if ((await store.countConsoleInvites(site.id, isoAt(clock))) >= MAX_OPEN_INVITES_PER_SITE) {
      throw new ApiError('rate_limited', `this site has ${MAX_OPEN_INVITES_PER_SITE} unused links; wait until some are used or expire`);
    }
    res.status(201).json(await mintConsoleInvite(store, clock, config.publicUrl, site.id, consoleActor(owner)));
  });
  router.delete('/v1/console/sites/:siteId/owners/:ownerId', async (req, res) => {
    const { owner, site } = await ownedSite(req);
    const leaving = parseWith(ownerIdSchema, req.params['ownerId']);
    const owners = await store.listConsoleOwners(site.id);
    const removed = owners.find((candidate) => candidate.id === leaving);
    if (!removed) throw new ApiError('not_found', 'no such owner of this site');
    if (owners.length === 1) throw new ApiError('bad_request', 'a site keeps at least one owner in the console');
    // Access ends at once: every console request reads the owner's sites afresh.
    if (await store.removeConsoleOwnerSite(removed.id, site.id)) {
      await recordChange(store, site.id, 'owner-removed', author(owner), removed.id === owner.id ? `${removed.name} left` : removed.name);
    }
    res.json(await siteView(await requireSite(store, site.id)));
  });
  router.post('/v1/console/sites/:siteId/verify', async (req, res) => {
    const { owner, site } = await ownedSite(req);
    await verifySiteOrigins(store, site.id, config.fetchProof ?? fetchForOwners, author(owner));
    res.json(await siteView(await requireSite(store, site.id)));
  });
  return router;
}
