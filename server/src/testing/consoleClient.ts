import {
  CONSOLE_CSRF_HEADER,
  CONSOLE_SESSION_COOKIE,
  consoleCreationReplySchema,
  consoleRequestReplySchema,
  consoleSessionReplySchema,
} from '@pkc/shared';
import { callJson, type CallInit, type Reply } from './testServer.ts';
import { SoftAuthenticator } from './softAuthenticator.ts';

/**
 * A browser tab on the console, for server tests: keeps the session cookie the server sets,
 * sends the page's Origin and (once signed in) the CSRF header, and holds a soft authenticator
 * for the console's passkeys. Real ceremonies against the real server.
 */
export class ConsoleClient {
  /** The session cookie's value (`pkc_console`, or `__Host-pkc_console` over https). */
  cookie: string | undefined;
  cookieName = CONSOLE_SESSION_COOKIE;
  csrfToken: string | undefined;
  /** The raw Set-Cookie of the last sign-in, to check its attributes. */
  lastSetCookie: string | undefined;

  constructor(
    private readonly baseUrl: string,
    /** The console's origin (the server's public URL): what the browser sends as Origin. */
    readonly origin: string,
    readonly authenticator = new SoftAuthenticator(),
  ) {}

  async call(path: string, init: CallInit & { csrf?: boolean } = {}): Promise<Reply> {
    const { csrf = true, ...rest } = init;
    const reply = await callJson(this.baseUrl, path, {
      ...rest,
      headers: {
        origin: this.origin,
        ...(this.cookie === undefined ? {} : { cookie: `${this.cookieName}=${this.cookie}` }),
        ...(csrf && this.csrfToken !== undefined ? { [CONSOLE_CSRF_HEADER]: this.csrfToken } : {}),
        ...rest.headers,
      },
    });
    const setCookie = reply.headers.get('set-cookie');
    const named = setCookie === null ? null : /^((?:__Host-)?[\w-]+)=([^;]*)/.exec(setCookie);
    if (setCookie !== null && named?.[1]?.endsWith(CONSOLE_SESSION_COOKIE)) {
      this.lastSetCookie = setCookie;
      this.cookieName = named[1];
      this.cookie = named[2] === '' ? undefined : named[2];
    }
    return reply;
  }

  private signedIn(reply: Reply): Reply {
    if (reply.status < 300) this.csrfToken = consoleSessionReplySchema.parse(reply.json).csrfToken;
    return reply;
  }

  /** Opens an enrolment link (or, without one, self-service) and creates a passkey: signed in on success. */
  async enrol(name: string, invite?: string): Promise<Reply> {
    const started = await this.call('/v1/console/enrol/options', { body: { name, ...(invite === undefined ? {} : { invite }) } });
    if (started.status !== 200) return started;
    const { ceremonyId, options } = consoleCreationReplySchema.parse(started.json);
    const response = this.authenticator.create(options, this.origin);
    return this.signedIn(await this.call('/v1/console/enrol/finish', { body: { ceremonyId, response } }));
  }

  /** Signs in with the authenticator's console passkey (a discoverable request). */
  async signIn(): Promise<Reply> {
    const started = await this.call('/v1/console/signin/options', { body: {} });
    if (started.status !== 200) return started;
    const { ceremonyId, options } = consoleRequestReplySchema.parse(started.json);
    const response = this.authenticator.get(options, this.origin);
    return this.signedIn(await this.call('/v1/console/signin/finish', { body: { ceremonyId, response } }));
  }
}

/** The invite token of a console link (`…/console/#/enrol/inv_…`). */
export function inviteOf(link: string): string {
  const match = /#\/enrol\/(inv_[A-Za-z0-9_-]+)$/.exec(link);
  if (!match?.[1]) throw new Error(`not a console link: ${link}`);
  return match[1];
}
