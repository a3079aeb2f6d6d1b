import { randomBytes } from 'node:crypto';
import {
  EXTENSION_ORIGIN,
  appendGrantReplySchema,
  appendStartReplySchema,
  loginFinishReplySchema,
  loginStartReplySchema,
} from '@pkc/shared';
import { SoftAuthenticator } from '../../server/src/testing/softAuthenticator.ts';

/*
 * Passkey logins as the extension makes them, from Node (no browser): what a burst of many
 * people signing in at once looks like to the companion. Used to crash a server mid-burst.
 */

export interface BurstSite {
  companionUrl: string;
  siteId: string;
  secret: string;
  origin: string;
}

export interface BurstUser {
  userId: string;
  username: string;
  key: SoftAuthenticator;
  credentialId: string;
}

/** A login the client saw succeed: what it sent and what it got. */
export interface SucceededLogin {
  user: BurstUser;
  /** The finish request's body: replaying it must fail. */
  finish: unknown;
  token: string;
  /** The signature counter the authenticator signed. */
  counter: number;
}

const client = { os: 'linux' as const, browser: 'chromium', mobile: false, platformAuthenticator: true, capabilities: {} };
/** One device per user (the one its passkey was made on), as a pseudonym the extension would send. */
const deviceOf = (username: string) => `burst-${Buffer.from(username).toString('base64url')}`.slice(0, 64).padEnd(20, 'x');

async function post(
  site: BurstSite,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${site.companionUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(path.startsWith('/v1/ext/') ? { origin: EXTENSION_ORIGIN } : {}), ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // A proxy's 502 page: kept as text.
  }
  return { status: response.status, json };
}

/** Registers a passkey for a new user, through the site's grant like a real first append. */
export async function registerBurstUser(site: BurstSite, index: number): Promise<BurstUser> {
  const username = `burst${index}@example.com`;
  const userId = `burst-${index}-${randomBytes(3).toString('hex')}`;
  const granted = await post(
    site,
    `/v1/sites/${site.siteId}/append-grants`,
    { userId, username },
    { authorization: `Bearer ${site.secret}` },
  );
  const { grant } = appendGrantReplySchema.parse(granted.json);
  const started = await post(site, '/v1/ext/append/start', {
    siteId: site.siteId,
    origin: site.origin,
    grant,
    client: { ...client, devicePseudonym: deviceOf(username) },
  });
  if (started.status !== 200) throw new Error(`append start failed (${started.status}): ${JSON.stringify(started.json)}`);
  const start = appendStartReplySchema.parse(started.json);
  if (start.decision !== 'offer') throw new Error(`no offer for ${username}`);
  const key = new SoftAuthenticator();
  const response = key.create(start.ceremony.options, site.origin);
  const finished = await post(site, '/v1/ext/append/finish', { ceremonyId: start.ceremony.ceremonyId, origin: site.origin, response });
  if (finished.status !== 200) throw new Error(`append failed: ${JSON.stringify(finished.json)}`);
  return { userId, username, key, credentialId: response.id };
}

/** One passkey login; the succeeded login, or undefined when any step failed (a 502 from a dying server). */
export async function loginOnce(site: BurstSite, user: BurstUser): Promise<SucceededLogin | undefined> {
  try {
    const started = await post(site, '/v1/ext/login/start', {
      siteId: site.siteId,
      origin: site.origin,
      username: user.username,
      client: { ...client, devicePseudonym: deviceOf(user.username) },
    });
    if (started.status !== 200) return undefined;
    const start = loginStartReplySchema.parse(started.json);
    if (start.decision !== 'passkey') throw new Error(`expected a passkey decision for ${user.username}, got ${start.decision}`);
    const response = user.key.get(start.ceremony.options, site.origin);
    const finish = { ceremonyId: start.ceremony.ceremonyId, origin: site.origin, response };
    const finished = await post(site, '/v1/ext/login/finish', finish);
    if (finished.status !== 200) return undefined;
    const counter = Buffer.from(response.response.authenticatorData, 'base64url').readUInt32BE(33);
    return { user, finish, token: loginFinishReplySchema.parse(finished.json).token, counter };
  } catch (error) {
    if (error instanceof TypeError || (error instanceof Error && error.name === 'TimeoutError')) return undefined;
    throw error;
  }
}

/** Replays a finish exactly as it was sent. */
export function replayFinish(site: BurstSite, login: SucceededLogin) {
  return post(site, '/v1/ext/login/finish', login.finish);
}

/** The partner's redeem (hook 2). */
export function redeemToken(site: BurstSite, token: string) {
  return post(site, `/v1/sites/${site.siteId}/login-tokens/verify`, { token }, { authorization: `Bearer ${site.secret}` });
}
