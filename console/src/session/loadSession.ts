import type { ConsoleSessionReply } from '@pkc/shared';
import type { ConsoleApi } from '../api/consoleApi.ts';
import { ConsoleApiError } from '../api/ConsoleApiError.ts';

/** Where the page stands with the server; the app renders one screen per kind. */
export type SessionState =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'signed-out'; selfService: boolean }
  | { kind: 'signed-in'; session: ConsoleSessionReply }
  /** A signed-in call found the session gone: say so, never leave a blank page. */
  | { kind: 'ended'; selfService: boolean };

/** The first thing the page asks: is there a session cookie, and if not, may people sign up? */
export async function loadSession(api: Pick<ConsoleApi, 'session' | 'info'>): Promise<SessionState> {
  try {
    return { kind: 'signed-in', session: await api.session() };
  } catch (error) {
    if (!(error instanceof ConsoleApiError && error.code === 'console_session_required')) return unreachable(error);
  }
  try {
    return { kind: 'signed-out', selfService: (await api.info()).selfService };
  } catch (error) {
    return unreachable(error);
  }
}

function unreachable(error: unknown): SessionState {
  return { kind: 'unreachable', message: error instanceof Error ? error.message : 'The console could not start.' };
}
