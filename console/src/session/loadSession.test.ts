import { describe, expect, it } from 'vitest';
import type { ConsoleSessionReply } from '@pkc/shared';
import { ConsoleApiError } from '../api/ConsoleApiError.ts';
import { loadSession } from './loadSession.ts';

const SESSION: ConsoleSessionReply = {
  owner: { id: 'own_abcdefghijklmnop', name: 'Ada' },
  sites: [],
  csrfToken: 'tok',
  selfService: false,
};

describe('loadSession', () => {
  it('is signed in when the session cookie still holds', async () => {
    const state = await loadSession({ session: async () => SESSION, info: async () => ({ selfService: true }) });
    expect(state).toEqual({ kind: 'signed-in', session: SESSION });
  });

  it('is signed out, with the operator’s self-service setting, without a session', async () => {
    const state = await loadSession({
      session: async () => {
        throw new ConsoleApiError('console_session_required', 'sign in', { status: 401 });
      },
      info: async () => ({ selfService: true }),
    });
    expect(state).toEqual({ kind: 'signed-out', selfService: true });
  });

  it('is unreachable, with a sentence, when the server can’t be asked', async () => {
    const state = await loadSession({
      session: async () => {
        throw new ConsoleApiError('network', "The companion server can't be reached.");
      },
      info: async () => ({ selfService: true }),
    });
    expect(state).toEqual({ kind: 'unreachable', message: "The companion server can't be reached." });
  });
});
