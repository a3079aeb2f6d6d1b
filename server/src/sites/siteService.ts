import { randomBytes } from 'node:crypto';
import { originProofSchema, type Partner, type SiteCreatedReply, type SitePolicyInput, type SiteRegistration } from '@pkc/shared';
import { fetchOriginProof } from './originProof.ts';
import { recordChange, type ChangeAuthor } from './siteAudit.ts';
import { isoAt, systemClock, type Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { Store } from '../store/Store.ts';
import type { SiteRecord } from '../store/records.ts';
import { hashSecret, newSecret } from './secrets.ts';

/**
 * WebAuthn requires the RP ID to be the origin's host or a registrable suffix of it
 * (WebAuthn L3 §5.1.3 step 8 / §13.4.9); checking here means a misregistered site fails at
 * registration, not at every ceremony.
 */
function rpIdFits(rpId: string, origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === rpId || host.endsWith(`.${rpId}`);
}

function resolveRpId(registration: SiteRegistration): string {
  const first = registration.origins[0];
  if (first === undefined) throw new ApiError('bad_request', 'at least one origin is required');
  const rpId = (registration.rpId ?? new URL(first).hostname).toLowerCase();
  const misfit = registration.origins.find((origin) => !rpIdFits(rpId, origin));
  if (misfit) throw new ApiError('bad_request', `rp id ${rpId} does not cover origin ${misfit}`);
  return rpId;
}

/** `registration` is already validated (admin route, CLI parser, `registerSite`). */
export async function createSite(
  store: Store,
  clock: Clock,
  registration: SiteRegistration,
  author: ChangeAuthor = {},
): Promise<SiteCreatedReply> {
  const rpId = resolveRpId(registration);
  // Registered on the word of someone who may not control the origins (self-service): the
  // callback that receives the login tokens must be on the site too.
  if (registration.verifyOrigins === true) requireCallbackUnder(rpId, registration.loginCallback);
  const secret = newSecret();
  const site: SiteRecord = {
    id: `site_${randomBytes(12).toString('base64url')}`,
    name: registration.name,
    origins: [...new Set(registration.origins)],
    rpId,
    loginCallback: registration.loginCallback,
    ...(registration.formOverrides === undefined ? {} : { formOverrides: registration.formOverrides }),
    ...(registration.policy === undefined ? {} : { policy: registration.policy }),
    ...(registration.verifyOrigins === true
      ? { pendingVerification: { token: randomBytes(24).toString('base64url'), requestedAt: isoAt(clock) } }
      : {}),
    secretHash: hashSecret(secret),
    createdAt: isoAt(clock),
  };
  await store.putSite(site);
  await recordChange(
    store,
    site.id,
    'site-added',
    { clock, ...author },
    `origins ${site.origins.join(', ')}${site.pendingVerification ? ' (to be verified)' : ''}`,
  );
  return {
    siteId: site.id,
    secret,
    ...(site.pendingVerification === undefined ? {} : { originProof: { siteId: site.id, token: site.pendingVerification.token } }),
  };
}

/** The public view of a site: what the extension needs to know where to act. */
export function toPartner(site: SiteRecord): Partner {
  return {
    siteId: site.id,
    name: site.name,
    origins: site.origins,
    ...(site.formOverrides === undefined ? {} : { formOverrides: site.formOverrides }),
  };
}

/** Sites that are live: a site waiting for its origins to prove it is nobody's partner yet. */
export async function listPartners(store: Store): Promise<Partner[]> {
  return (await store.listSites()).filter((site) => site.pendingVerification === undefined).map(toPartner);
}

/**
 * Fetches each origin's proof; when every one serves the site's token the site goes live (at
 * once on this server, within seconds on others). Otherwise 409 origin_unverified naming the
 * first origin that didn't, and the site stays inactive.
 */
export async function verifySiteOrigins(
  store: Store,
  siteId: string,
  fetchProof: (origin: string) => Promise<unknown> = fetchOriginProof,
  author: ChangeAuthor = {},
): Promise<void> {
  const site = await requireSite(store, siteId);
  // A new site waits with all its origins; a live one only with the origins added since.
  const waiting = site.pendingVerification
    ? { origins: site.origins, token: site.pendingVerification.token }
    : site.pendingOrigins && { origins: site.pendingOrigins.origins, token: site.pendingOrigins.token };
  if (!waiting) return;
  for (const origin of waiting.origins) {
    const served = await fetchProof(origin);
    if (served instanceof Error) throw new ApiError('origin_unverified', `${origin} did not serve the proof: ${served.message}`);
    const proof = originProofSchema.safeParse(served);
    if (!proof.success || proof.data.siteId !== site.id || proof.data.token !== waiting.token) {
      throw new ApiError('origin_unverified', `${origin} serves a proof for another site or token`);
    }
  }
  // The fetches took seconds: change the site only if it still waits for this very token and
  // these origins, and change nothing else (a rotation or a policy change meanwhile stays).
  const sameWait = (current: SiteRecord) =>
    current.pendingVerification
      ? current.pendingVerification.token === waiting.token && current.origins.join('\n') === waiting.origins.join('\n')
      : current.pendingOrigins?.token === waiting.token && current.pendingOrigins.origins.join('\n') === waiting.origins.join('\n');
  let verified = false;
  await store.updateSite(siteId, (current) => {
    if (!sameWait(current)) return undefined;
    verified = true;
    const { pendingVerification: _live, pendingOrigins: _joined, ...rest } = current;
    return current.pendingVerification ? rest : { ...rest, origins: [...new Set([...current.origins, ...waiting.origins])] };
  });
  if (!verified) throw new ApiError('origin_unverified', 'the site changed while its origins were checked; verify again');
  await recordChange(store, siteId, 'origins-verified', author, waiting.origins.join(', '));
}

/** One atomic change of a stored site (Store.updateSite); unknown_site when there is none. */
async function changeSite(store: Store, siteId: string, change: (current: SiteRecord) => SiteRecord): Promise<SiteRecord> {
  const updated = await store.updateSite(siteId, change);
  if (!updated) throw new ApiError('unknown_site', `no site ${siteId}`);
  return updated;
}

export async function requireSite(store: Store, siteId: string): Promise<SiteRecord> {
  const site = await store.getSite(siteId);
  if (!site) throw new ApiError('unknown_site', `no site ${siteId}`);
  return site;
}

/**
 * A new secret, shown once. With an overlap, the old one keeps working for that many minutes
 * (a site with several backends rolls the new one out meanwhile); without, it stops at once.
 */
export async function rotateSiteSecret(
  store: Store,
  clock: Clock,
  siteId: string,
  overlapMinutes = 0,
  author: ChangeAuthor = {},
): Promise<SiteCreatedReply> {
  const secret = newSecret();
  await changeSite(store, siteId, (site) => {
    const { previousSecret: _older, ...rest } = site;
    return {
      ...rest,
      secretHash: hashSecret(secret),
      ...(overlapMinutes > 0
        ? { previousSecret: { secretHash: site.secretHash, until: new Date(clock.now() + overlapMinutes * 60_000).toISOString() } }
        : {}),
    };
  });
  await recordChange(
    store,
    siteId,
    'secret-rotated',
    { clock, ...author },
    overlapMinutes > 0 ? `the old secret works ${overlapMinutes} more minutes` : 'the old secret stopped at once',
  );
  return { siteId, secret };
}

/** Replaces the site's policy (already validated): tuning, the pause switch, the rollout. Live at once. */
export async function setSitePolicy(store: Store, siteId: string, policy: SitePolicyInput, author: ChangeAuthor = {}): Promise<void> {
  await changeSite(store, siteId, (site) => {
    const { policy: _old, ...rest } = site;
    return Object.keys(policy).length === 0 ? rest : { ...rest, policy };
  });
  await recordChange(store, siteId, 'policy-changed', author, JSON.stringify(policy));
}

/**
 * The login callback receives every passkey login's token: it must be the site's own (under its
 * RP ID), else a console owner — or whoever took their session — could collect them elsewhere.
 */
export function requireCallbackUnder(rpId: string, loginCallback: string): void {
  if (!rpIdFits(rpId, new URL(loginCallback).origin)) {
    throw new ApiError('bad_request', `the login callback must be on the site itself (under ${rpId})`, { field: 'loginCallback' });
  }
}

/**
 * Moves a site's origins or login callback (the console's settings form). Every origin must stay
 * under the site's RP ID: its passkeys are bound to it, and it is the boundary WebAuthn itself
 * keeps, so an owner can only name hosts of their own registrable domain.
 */
export async function updateSiteSettings(
  store: Store,
  siteId: string,
  settings: { origins: string[]; loginCallback: string },
  author: ChangeAuthor = {},
): Promise<SiteRecord> {
  const clock = author.clock ?? systemClock;
  const site = await requireSite(store, siteId);
  const origins = [...new Set(settings.origins)];
  const misfit = origins.find((origin) => !rpIdFits(site.rpId, origin));
  if (misfit) throw new ApiError('bad_request', `${misfit} is not under this site's RP ID ${site.rpId}`, { field: 'origins' });
  requireCallbackUnder(site.rpId, settings.loginCallback);
  // On a live site, an origin it didn't have waits for its proof (ORIGIN_PROOF_PATH) before the
  // extension acts there; origins taken away and the callback change at once. A site that isn't
  // live yet proves all its origins together anyway.
  const live = site.pendingVerification === undefined;
  const added = live ? origins.filter((origin) => !site.origins.includes(origin)) : [];
  const kept = origins.filter((origin) => !added.includes(origin));
  if (kept.length === 0) {
    throw new ApiError('bad_request', 'keep at least one of the current origins until the new ones are verified', { field: 'origins' });
  }
  const updated = await changeSite(store, siteId, (current) => {
    const { pendingOrigins: earlier, ...rest } = current;
    const pendingOrigins =
      added.length === 0
        ? undefined
        : {
            origins: added,
            token: earlier?.token ?? randomBytes(24).toString('base64url'),
            requestedAt: earlier?.requestedAt ?? isoAt(clock),
          };
    return { ...rest, origins: kept, loginCallback: settings.loginCallback, ...(pendingOrigins ? { pendingOrigins } : {}) };
  });
  const waiting = added.length === 0 ? '' : ` (to be verified: ${added.join(', ')})`;
  await recordChange(
    store,
    siteId,
    'settings-changed',
    author,
    `origins ${kept.join(', ')}${waiting}; login callback ${settings.loginCallback}`,
  );
  return updated;
}

export async function removeSite(store: Store, siteId: string): Promise<void> {
  if (!(await store.removeSite(siteId))) throw new ApiError('unknown_site', `no site ${siteId}`);
}

/** The site, checked against the exact-origin allowlist every extension ceremony starts with (ARCHITECTURE §2). */
export async function requireSiteAtOrigin(store: Store, siteId: string, origin: string): Promise<SiteRecord> {
  const site = await requireSite(store, siteId);
  if (site.pendingVerification !== undefined) throw new ApiError('unknown_site', `${siteId} is waiting for its origins to be verified`);
  if (!site.origins.includes(origin)) {
    throw new ApiError('origin_not_allowed', `${origin} is not a registered origin of this site`);
  }
  return site;
}
