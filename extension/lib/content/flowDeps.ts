import type { PageSignals } from '@pkc/shared';
import type { BridgeClient } from '../bridge/bridgeClient.ts';
import type { AskBackground } from '../messaging/backgroundClient.ts';
import type { OverlayActions, OverlayState } from '../ui/overlayState.ts';

/** What the login and append flows need from the outside world; fakes in tests. */
export interface FlowDeps {
  ask: AskBackground;
  bridge: Pick<BridgeClient, 'get' | 'create'>;
  overlay: { show(state: OverlayState, actions: OverlayActions): void; hide(): void };
  /** The site's name as the user sees it in the overlay copy. */
  site: string;
  signals: () => Promise<PageSignals>;
  navigateWithToken: (callbackUrl: string, token: string) => void;
}

/** Actions that do nothing, for views that don't offer them. */
export const NO_ACTIONS: OverlayActions = {
  passkey: () => undefined,
  hybrid: () => undefined,
  usePassword: () => undefined,
  createPasskey: () => undefined,
  skipAppend: () => undefined,
  neverOnThisDevice: () => undefined,
  close: () => undefined,
};
