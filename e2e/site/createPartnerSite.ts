import { ORIGIN_PROOF_PATH } from '@pkc/shared';
import express, { type Request, type Response } from 'express';
import { CompanionSiteError, type CompanionSite } from '@passkey-companion/site';
import { hashPassword, verifyPassword } from './passwords.ts';
import { MAX_CODE_ATTEMPTS, Outbox, checkSignInCode, newSignInCode } from './outbox.ts';
import { isCrossSitePost, loginNonceCookie, loginNonceOf } from './loginNonce.ts';
import { codePage, dashboardPage, loginPage, messagePage } from './pages.ts';
import {
  identifierStepPage,
  landingPageWithSignInPanel,
  memberNumberStepPage,
  passwordStepPage,
  signUpClosedPage,
  spaShellPage,
} from './altLoginPages.ts';
import { SESSION_COOKIE, SessionStore, type Session, clearedSessionCookie, readCookie, sessionCookie } from './sessions.ts';

export interface DemoUser {
  userId: string;
  username: string;
  displayName: string;
  password: string;
  /** With an email, the password step is followed by an emailed 6-digit code (seed 001). */
  email?: string;
}

type StoredUser = Omit<DemoUser, 'password'> & { passwordHash: string };

export interface PartnerSiteOptions {
  siteName: string;
  users: DemoUser[];
  /** The two backend hooks (the @passkey-companion/site helper). */
  hooks: Pick<CompanionSite, 'mintAppendGrant' | 'verifyLoginToken'>;
  /** Shown under the login form so a person trying the demo knows what to type. */
  demoHint?: string;
  /** Where hook failures go; the site keeps working without the companion either way. */
  log?: (message: string) => void;
  /** Where sign-in codes are delivered; required when any user has an email. */
  outbox?: Outbox;
  now?: () => number;
  /**
   * What the site serves at /.well-known/passkey-companion.json to prove to the companion that
   * it controls its origin (a registration with verifyOrigins); nothing served (404) while undefined.
   */
  originProof?: () => unknown;
}

export const LOGIN_CALLBACK_PATH = '/passkey-login';

/**
 * The reference partner site: an honest password site (hashed passwords, session cookie,
 * dashboard, logout) plus the two companion hooks, marked "Hook 1" and "Hook 2" below.
 */
export async function createPartnerSite(options: PartnerSiteOptions): Promise<express.Express> {
  const users = await Promise.all(
    options.users.map(
      async ({ password, ...user }): Promise<StoredUser> => ({
        ...user,
        passwordHash: await hashPassword(password),
      }),
    ),
  );
  const byUsername = new Map(users.map((user) => [user.username, user]));
  const byId = new Map(users.map((user) => [user.userId, user]));
  const sessions = new SessionStore();
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const outbox = options.outbox ?? new Outbox();
  const siteName = options.siteName;

  const app = express();
  app.disable('x-powered-by');
  app.use(loginNonceCookie);
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const sessionOf = (req: Request) => sessions.get(readCookie(req.headers.cookie, SESSION_COOKIE));
  const formField = (req: Request, name: string): string => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null) return '';
    const value: unknown = (body as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : '';
  };
  const startSession = (res: Response, session: Session) => {
    res.setHeader('set-cookie', sessionCookie(sessions.create(session)));
    res.redirect(303, '/dashboard');
  };

  /** The grant is rendered once: a reload must not offer the passkey again with a used grant. */
  const takePendingGrant = (session: Session, res: Response): string | undefined => {
    const grant = session.pendingGrant;
    delete session.pendingGrant;
    res.setHeader('cache-control', 'no-store');
    return grant;
  };

  /** If the companion is down the user is signed in all the same, just without a passkey offer. */
  const mintGrantFor = async (user: StoredUser, signedInWith: 'password' | 'passkey' = 'password'): Promise<string | undefined> => {
    try {
      const { userId, username, displayName } = user;
      return (await options.hooks.mintAppendGrant({ userId, username, displayName, signedInWith })).grant;
    } catch (error) {
      log(`append grant not minted: ${describe(error)}`);
      return undefined;
    }
  };

  app.get('/', (req, res) => res.redirect(sessionOf(req) ? '/dashboard' : '/login'));

  app.get(ORIGIN_PROOF_PATH, (_req, res) => {
    const proof = options.originProof?.();
    if (proof === undefined) res.status(404).type('text').send('not found');
    else res.json(proof);
  });

  app.get('/login', (_req, res) => {
    res.type('html').send(loginPage({ siteName, demoHint: options.demoHint }));
  });

  const checkPassword = async (username: string, password: string): Promise<StoredUser | undefined> => {
    const user = byUsername.get(username.trim().toLowerCase());
    return user !== undefined && (await verifyPassword(password, user.passwordHash)) ? user : undefined;
  };

  // Identifier-first, two pages: the identifier, then the password for it.
  app.get('/signin', (_req, res) => {
    res.type('html').send(identifierStepPage(siteName));
  });
  app.get('/members', (_req, res) => {
    res.type('html').send(memberNumberStepPage(siteName));
  });
  app.post('/members', form, (req, res) => {
    res.type('html').send(passwordStepPage(siteName, formField(req, 'member').trim().toLowerCase()));
  });
  app.post('/signin', form, (req, res) => {
    res.type('html').send(passwordStepPage(siteName, formField(req, 'username').trim().toLowerCase()));
  });

  // A landing page: a sign-up form in view, the sign-in in a panel shown on demand.
  app.get('/welcome', (_req, res) => {
    res.type('html').send(landingPageWithSignInPanel(siteName));
  });
  app.post('/signup', (_req, res) => {
    res.status(403).type('html').send(signUpClosedPage(siteName));
  });

  // The single-page app: a shell plus two JSON endpoints (accounts with a second factor use /login).
  app.get('/app', (_req, res) => {
    res.type('html').send(spaShellPage(siteName));
  });
  app.get('/api/session', (req, res) => {
    const session = sessionOf(req);
    const user = session && !session.awaitingCode ? byId.get(session.userId) : undefined;
    res.json({ user: user && { username: user.username, displayName: user.displayName, signedInWith: session?.signedInWith } });
  });
  app.post('/api/login', express.json({ limit: '8kb' }), async (req, res) => {
    const user = await checkPassword(formField(req, 'username'), formField(req, 'password'));
    if (!user || user.email !== undefined) {
      res.status(401).json({ error: 'wrong username or password' });
      return;
    }
    const appendGrant = await mintGrantFor(user);
    res.setHeader('set-cookie', sessionCookie(sessions.create({ userId: user.userId, signedInWith: 'password' })));
    res.json({ user: { username: user.username, displayName: user.displayName, signedInWith: 'password' }, appendGrant });
  });

  app.post('/login', form, async (req, res) => {
    const username = formField(req, 'username').trim().toLowerCase();
    const user = await checkPassword(username, formField(req, 'password'));
    if (!user) {
      res
        .status(401)
        .type('html')
        .send(loginPage({ siteName, username, error: 'Wrong username or password.' }));
      return;
    }
    // Hook 1: the password was right, so this backend vouches for the user and mints an
    // append grant (before the second factor, seed 001).
    const pendingGrant = await mintGrantFor(user);
    if (user.email === undefined) {
      startSession(res, { userId: user.userId, signedInWith: 'password', pendingGrant });
      return;
    }
    // Second factor: the grant was minted on the step before the code (seed 001, step 3), so the
    // passkey offer appears on the code page and the code step follows either way.
    const awaitingCode = newSignInCode(now());
    outbox.send({ to: user.email, subject: `Your ${siteName} sign-in code`, code: awaitingCode.code, sentAt: now() });
    res.setHeader(
      'set-cookie',
      sessionCookie(sessions.create({ userId: user.userId, signedInWith: 'password', awaitingCode, pendingGrant })),
    );
    res.redirect(303, '/verify-code');
  });

  app.get('/verify-code', (req, res) => {
    const session = sessionOf(req);
    const user = session && byId.get(session.userId);
    if (!session?.awaitingCode || !user?.email) {
      res.redirect('/login');
      return;
    }
    res.type('html').send(codePage({ siteName, sentTo: maskEmail(user.email), appendGrant: takePendingGrant(session, res) }));
  });

  app.post('/verify-code', form, (req, res) => {
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = sessions.get(cookie);
    const user = session && byId.get(session.userId);
    if (!session?.awaitingCode || !user?.email) {
      res.redirect(303, '/login');
      return;
    }
    if (checkSignInCode(session.awaitingCode, formField(req, 'code'), now())) {
      delete session.awaitingCode;
      res.redirect(303, '/dashboard');
      return;
    }
    if (session.awaitingCode.attempts >= MAX_CODE_ATTEMPTS) {
      sessions.destroy(cookie);
      res.setHeader('set-cookie', clearedSessionCookie());
      res
        .status(401)
        .type('html')
        .send(messagePage({ siteName, title: 'Too many attempts', message: 'Please sign in again.' }));
      return;
    }
    res
      .status(401)
      .type('html')
      .send(codePage({ siteName, sentTo: maskEmail(user.email), error: 'That code is not right.' }));
  });

  // Hook 2: the extension posts the companion's login token here after a passkey login.
  app.post(LOGIN_CALLBACK_PATH, form, async (req, res) => {
    try {
      if (isCrossSitePost(req, `${req.protocol}://${req.get('host') ?? ''}`)) {
        throw new LoginRefused('cross_site_post', 'the login token was posted from another site');
      }
      const nonce = loginNonceOf(req);
      if (nonce === undefined) throw new LoginRefused('no_login_nonce', 'this browser has no login nonce cookie');
      const verified = await options.hooks.verifyLoginToken(formField(req, 'token'), nonce);
      const user = byId.get(verified.userId);
      if (!user) throw new LoginRefused('unknown_user', 'token names a user this site does not have');
      // A real site emails the person here, as for a sign-in from a new device: a passkey made
      // from a stolen grant shows up this way (and DELETE …/credentials removes it).
      if (verified.newPasskey) log(`a passkey signed in to ${user.username}'s account for the first time`);
      // Hook 1 again: any successful login may earn a passkey on this device, e.g. after a
      // cross-device login with a phone (seed 000). The companion decides whether to offer it.
      startSession(res, { userId: user.userId, signedInWith: 'passkey', pendingGrant: await mintGrantFor(user, 'passkey') });
    } catch (error) {
      log(`passkey login refused: ${describe(error)}`);
      res
        .status(401)
        .type('html')
        .send(messagePage({ siteName, title: 'Passkey sign-in failed', message: 'Please sign in with your password.' }));
    }
  });

  app.get('/dashboard', (req, res) => {
    const session = sessionOf(req);
    const user = session && byId.get(session.userId);
    if (!session || !user) {
      res.redirect('/login');
      return;
    }
    if (session.awaitingCode) {
      res.redirect('/verify-code');
      return;
    }
    const appendGrant = takePendingGrant(session, res);
    res.type('html').send(
      dashboardPage({
        siteName,
        displayName: user.displayName,
        username: user.username,
        signedInWith: session.signedInWith === 'passkey' ? 'a passkey' : 'your password',
        appendGrant,
      }),
    );
  });

  app.post('/logout', (req, res) => {
    sessions.destroy(readCookie(req.headers.cookie, SESSION_COOKIE));
    res.setHeader('set-cookie', clearedSessionCookie());
    res.redirect(303, '/login');
  });

  return app;
}

function maskEmail(email: string): string {
  const [name = '', domain = ''] = email.split('@');
  return `${name.slice(0, 1)}•••@${domain}`;
}

/** The site's own reasons to refuse a passkey login, before or after asking the companion. */
class LoginRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function describe(error: unknown): string {
  if (error instanceof CompanionSiteError || error instanceof LoginRefused) return error.code;
  return error instanceof Error ? error.message : String(error);
}
