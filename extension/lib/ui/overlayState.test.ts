import { describe, expect, it } from 'vitest';
import { NO_ACTIONS } from '../content/flowDeps.ts';
import { dismissAction, type OverlayActions } from './overlayState.ts';

describe('dismissAction (× and Escape)', () => {
  const actions: OverlayActions = { ...NO_ACTIONS, usePassword: () => undefined, skipAppend: () => undefined, close: () => undefined };
  it('means "use password" during login, "not now" on an offer, "close" otherwise', () => {
    expect(dismissAction({ view: 'login-hybrid-offer', site: 'Shop', explanation: 'x' }, actions)).toBe(actions.usePassword);
    expect(dismissAction({ view: 'login-error', site: 'Shop', message: 'x', retry: true }, actions)).toBe(actions.usePassword);
    expect(dismissAction({ view: 'append-offer', site: 'Shop', username: 'a', variant: 'heal' }, actions)).toBe(actions.skipAppend);
    expect(dismissAction({ view: 'append-done', site: 'Shop' }, actions)).toBe(actions.close);
  });
});
