import {
  consoleCreationReplySchema,
  consoleInfoReplySchema,
  consoleRequestReplySchema,
  consoleSessionReplySchema,
  consoleSiteReplySchema,
  consoleStatsReplySchema,
  inviteCheckReplySchema,
  inviteCreatedReplySchema,
  okReplySchema,
  siteAuditReplySchema,
  siteCreatedReplySchema,
  type ConsoleSiteRegistration,
  type EnrolFinishBody,
  type EnrolOptionsBody,
  type RotateSecretBody,
  type SigninFinishBody,
  type SitePolicyInput,
  type SiteSettingsBody,
  type SiteStatsQuery,
} from '@pkc/shared';
import { CONSOLE_API, rangeQuery, sitePath } from './paths.ts';
import type { ConsoleRequest } from './request.ts';

/** Sign-out answers `{ ok: true }` (or, from a proxy that strips it, 204 and nothing). */
const signedOut = okReplySchema.optional();

/** Every endpoint of /v1/console/ the page calls, each with the schema its reply must match. */
export function createConsoleApi(request: ConsoleRequest) {
  return {
    info: () => request({ method: 'GET', path: `${CONSOLE_API}/info` }, consoleInfoReplySchema),
    session: () => request({ method: 'GET', path: `${CONSOLE_API}/session` }, consoleSessionReplySchema),
    signOut: () => request({ method: 'POST', path: `${CONSOLE_API}/signout`, body: {} }, signedOut),

    signInOptions: () => request({ method: 'POST', path: `${CONSOLE_API}/signin/options`, body: {} }, consoleRequestReplySchema),
    signInFinish: (body: SigninFinishBody) =>
      request({ method: 'POST', path: `${CONSOLE_API}/signin/finish`, body }, consoleSessionReplySchema),
    enrolOptions: (body: EnrolOptionsBody) =>
      request({ method: 'POST', path: `${CONSOLE_API}/enrol/options`, body }, consoleCreationReplySchema),
    enrolFinish: (body: EnrolFinishBody) =>
      request({ method: 'POST', path: `${CONSOLE_API}/enrol/finish`, body }, consoleSessionReplySchema),
    checkInvite: (invite: string) =>
      request({ method: 'POST', path: `${CONSOLE_API}/invites/check`, body: { invite } }, inviteCheckReplySchema),
    acceptInvite: (invite: string) =>
      request({ method: 'POST', path: `${CONSOLE_API}/invites/accept`, body: { invite } }, consoleSessionReplySchema),

    registerSite: (body: ConsoleSiteRegistration) =>
      request({ method: 'POST', path: `${CONSOLE_API}/sites`, body }, siteCreatedReplySchema),
    site: (siteId: string) => request({ method: 'GET', path: sitePath(siteId) }, consoleSiteReplySchema),
    verifySite: (siteId: string) => request({ method: 'POST', path: sitePath(siteId, '/verify'), body: {} }, consoleSiteReplySchema),
    siteStats: (siteId: string, range: SiteStatsQuery) =>
      request({ method: 'GET', path: `${sitePath(siteId, '/stats')}?${rangeQuery(range)}` }, consoleStatsReplySchema),
    siteAudit: (siteId: string) => request({ method: 'GET', path: sitePath(siteId, '/audit') }, siteAuditReplySchema),
    putPolicy: (siteId: string, policy: SitePolicyInput) =>
      request({ method: 'PUT', path: sitePath(siteId, '/policy'), body: policy }, consoleSiteReplySchema),
    putSettings: (siteId: string, settings: SiteSettingsBody) =>
      request({ method: 'PUT', path: sitePath(siteId, '/settings'), body: settings }, consoleSiteReplySchema),
    rotateSecret: (siteId: string, body: RotateSecretBody) =>
      request({ method: 'POST', path: sitePath(siteId, '/rotate-secret'), body }, siteCreatedReplySchema),
    createInvite: (siteId: string) => request({ method: 'POST', path: sitePath(siteId, '/invites'), body: {} }, inviteCreatedReplySchema),
    removeOwner: (siteId: string, ownerId: string) =>
      request({ method: 'DELETE', path: sitePath(siteId, `/owners/${encodeURIComponent(ownerId)}`) }, consoleSiteReplySchema),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
