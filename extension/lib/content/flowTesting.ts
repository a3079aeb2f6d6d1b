import type { ContentRequest } from '@pkc/shared';
import type { BridgeResult } from '../bridge/bridgeClient.ts';
import type { OverlayActions, OverlayState } from '../ui/overlayState.ts';
import type { FlowDeps } from './flowDeps.ts';

/** Fakes for the flow tests: a scripted background, bridge and overlay that record what happened. */
export function fakeFlowDeps(script: {
  background: (message: ContentRequest) => unknown;
  get?: (options: unknown, signal?: AbortSignal) => Promise<BridgeResult<unknown>>;
  /** `uiMode: 'immediate'`; not called by default. */
  getImmediately?: (options: unknown, signal?: AbortSignal) => Promise<BridgeResult<unknown>>;
  /** Passkey autofill; not called by default. */
  getConditionally?: (options: unknown, signal: AbortSignal) => Promise<BridgeResult<unknown>>;
  create?: () => Promise<BridgeResult<unknown>>;
  /** The browser's automatic upgrade (create, mediation conditional); not called by default. */
  createConditionally?: (options: unknown, windowMs: number) => Promise<BridgeResult<unknown>>;
  /** What navigating to the site's callback answers; false as for a `javascript:` URL. */
  callbackUsable?: boolean;
  pageNonce?: string;
}) {
  const sent: ContentRequest[] = [];
  const views: Array<OverlayState['view'] | 'hidden'> = [];
  const navigations: Array<{ callbackUrl: string; token: string }> = [];
  /** Signal API calls in order, with what was sent; `navigated` tells whether the page had left already. */
  const providerSignals: Array<{ kind: 'accepted' | 'unknown' | 'details'; payload: unknown; navigated: boolean }> = [];
  let actions: OverlayActions | undefined;
  let current: OverlayState | undefined;
  const notCalled = async (): Promise<BridgeResult<never>> => ({ ok: false, errorName: 'NotCalled', message: '' });
  const deps: FlowDeps = {
    ask: async (message) => {
      sent.push(message);
      const reply = script.background(message);
      return reply as never; // the scripted replies are typed per test; the flows validate nothing further
    },
    bridge: {
      get: (script.get ?? notCalled) as FlowDeps['bridge']['get'],
      getImmediately: (script.getImmediately ?? notCalled) as FlowDeps['bridge']['getImmediately'],
      getConditionally: (script.getConditionally ?? notCalled) as FlowDeps['bridge']['getConditionally'],
      create: (script.create ?? notCalled) as FlowDeps['bridge']['create'],
      createConditionally: (script.createConditionally ?? notCalled) as FlowDeps['bridge']['createConditionally'],
      signalAcceptedCredentials: async (payload) => {
        providerSignals.push({ kind: 'accepted', payload, navigated: navigations.length > 0 });
        return { ok: true, value: { supported: true } };
      },
      signalCurrentUserDetails: async (payload) => {
        providerSignals.push({ kind: 'details', payload, navigated: navigations.length > 0 });
        return { ok: true, value: { supported: true } };
      },
      signalUnknownCredential: async (payload) => {
        providerSignals.push({ kind: 'unknown', payload, navigated: navigations.length > 0 });
        return { ok: true, value: { supported: true } };
      },
    },
    overlay: {
      show(state, nextActions) {
        current = state;
        actions = nextActions;
        views.push(state.view);
      },
      hide() {
        current = undefined;
        views.push('hidden');
      },
      showing: () => current,
    },
    site: 'shop.localhost',
    signals: async () => ({ os: 'linux', browser: 'chromium', mobile: false, platformAuthenticator: true, capabilities: {} }),
    pageNonce: () => script.pageNonce,
    navigateWithToken: (callbackUrl, token) => {
      navigations.push({ callbackUrl, token });
      return script.callbackUsable ?? true;
    },
  };
  return {
    deps,
    sent,
    views,
    navigations,
    providerSignals,
    get current() {
      return current;
    },
    click(action: keyof OverlayActions) {
      if (actions === undefined) throw new Error('no overlay shown');
      actions[action]();
    },
  };
}

/** Lets queued promise callbacks run (no timers involved). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}
