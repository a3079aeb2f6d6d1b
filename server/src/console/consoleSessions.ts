import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { CONSOLE_CSRF_HEADER, CONSOLE_SESSION_COOKIE } from '@pkc/shared';
import { isoAt, type Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { ConsoleOwnerRecord, ConsoleSessionRecord } from '../store/records.ts';
import type { Store } from '../store/Store.ts';
import { readCookie, sessionCookie } from './consoleCookies.ts';

/** A console session lasts a working day, then the owner signs in again (no sliding renewal). */
export const CONSOLE_SESSION_TTL_MS = 8 * 60 * 60_000;

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface SignedIn {
  session: ConsoleSessionRecord;
  owner: ConsoleOwnerRecord;
}

/** Where the session middleware leaves the signed-in owner for the route. */
const signedInByRequest = new WeakMap<Request, SignedIn>();

/**
 * Console sessions, kept in the Store (every server of a deployment sees them) by the hash of
 * the cookie's value: a copy of the data set signs no one in. The CSRF token is per session and
 * only ever travels in a JSON body and a request header, which another site's page can't set.
 */
export class ConsoleSessions {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** The console's origin (PUBLIC_URL): the only Origin a change may come from. */
    private readonly origin: string,
  ) {}

  private get secure(): boolean {
    return this.origin.startsWith('https:');
  }

  /**
   * Over https the cookie is `__Host-pkc_console`: the browser then takes it only with Secure,
   * Path=/ and no Domain, so no sibling subdomain can set one for the console's host.
   */
  private get cookieName(): string {
    return this.secure ? `__Host-${CONSOLE_SESSION_COOKIE}` : CONSOLE_SESSION_COOKIE;
  }

  async open(res: Response, owner: ConsoleOwnerRecord): Promise<ConsoleSessionRecord> {
    const value = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session: ConsoleSessionRecord = {
      idHash: hashOf(value),
      ownerId: owner.id,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: isoAt(this.clock),
      expiresAt: new Date(now + CONSOLE_SESSION_TTL_MS).toISOString(),
    };
    await this.store.putConsoleSession(session);
    res.append('set-cookie', sessionCookie(this.cookieName, value, CONSOLE_SESSION_TTL_MS / 1000, this.secure));
    return session;
  }

  /** The signed-in owner, or undefined (no cookie, unknown, expired, or the owner is gone). */
  async read(req: Request): Promise<SignedIn | undefined> {
    const value = readCookie(req, this.cookieName);
    if (value === undefined || !/^[A-Za-z0-9_-]{43}$/.test(value)) return undefined;
    const session = await this.store.getConsoleSession(hashOf(value), isoAt(this.clock));
    if (!session) return undefined;
    const owner = await this.store.getConsoleOwner(session.ownerId);
    return owner ? { session, owner } : undefined;
  }

  async end(req: Request, res: Response): Promise<void> {
    const value = readCookie(req, this.cookieName);
    if (value !== undefined) await this.store.removeConsoleSession(hashOf(value));
    res.append('set-cookie', sessionCookie(this.cookieName, '', 0, this.secure));
  }

  /** A page of another origin may not post to the console, signed in or not (login CSRF too). */
  requireSameOrigin: RequestHandler = (req, _res, next) => {
    const origin = req.get('origin');
    if (req.method !== 'GET' && req.method !== 'HEAD' && origin !== undefined && origin !== this.origin) {
      throw new ApiError('csrf_failed', `changes to the console come from ${this.origin} only`);
    }
    next();
  };

  /** Signed in, or 401 console_session_required; changes also need the session's CSRF header. */
  requireSignedIn: RequestHandler = async (req, _res, next) => {
    const signedIn = await this.read(req);
    if (!signedIn) throw new ApiError('console_session_required', 'sign in to the console (your session may have ended)');
    if (req.method !== 'GET' && req.method !== 'HEAD' && !sameText(req.get(CONSOLE_CSRF_HEADER) ?? '', signedIn.session.csrfToken)) {
      throw new ApiError('csrf_failed', `this change needs the session's CSRF token in the ${CONSOLE_CSRF_HEADER} header`);
    }
    signedInByRequest.set(req, signedIn);
    next();
  };
}

export function signedInOwner(req: Request): SignedIn {
  const signedIn = signedInByRequest.get(req);
  if (!signedIn) throw new ApiError('internal', 'console route mounted without a session check');
  return signedIn;
}
