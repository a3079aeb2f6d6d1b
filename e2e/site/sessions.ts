import { randomBytes } from 'node:crypto';
import type { PendingCode } from './outbox.ts';

export interface Session {
  userId: string;
  signedInWith: 'password' | 'passkey';
  /** Set while the password step is done but the emailed code is not: not signed in yet. */
  awaitingCode?: PendingCode;
  /** An append grant minted at sign-in, rendered once on the next page (CONTRACT: partner page hooks). */
  pendingGrant?: string;
}

export const SESSION_COOKIE = 'shop_session';

/** In-memory sessions keyed by an unguessable cookie value; enough for a reference site. */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  create(session: Session): string {
    const id = randomBytes(24).toString('base64url');
    this.#sessions.set(id, session);
    return id;
  }

  get(id: string | undefined): Session | undefined {
    return id === undefined ? undefined : this.#sessions.get(id);
  }

  destroy(id: string | undefined): void {
    if (id !== undefined) this.#sessions.delete(id);
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Lax; Path=/`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;
}
