import type { PageSignals } from '@pkc/shared';
import type { BridgeClient } from '../bridge/bridgeClient.ts';
import type { AskBackground } from '../messaging/backgroundClient.ts';
import type { OverlayActions, OverlayState } from '../ui/overlayState.ts';

/** What the login and append flows need from the outside world; fakes in tests. */
export interface FlowDeps {
  ask: AskBackground;
  bridge: Pick<
    BridgeClient,
    | 'get'
    | 'getImmediately'
    | 'getConditionally'
    | 'create'
    | 'createConditionally'
    | 'signalAcceptedCredentials'
    | 'signalCurrentUserDetails'
    | 'signalUnknownCredential'
  >;
  overlay: {
    show(state: OverlayState, actions: OverlayActions): void;
    hide(): void;
    /** The state on screen (the very object last shown), if any. */
    showing(): OverlayState | undefined;
  };
  /** The site's hostname: its name in the overlay copy when the server sends no `siteName`. */
  site: string;
  signals: () => Promise<PageSignals>;
  /** The page's login nonce cookie, when the site sets one (it binds the token to this browser). */
  pageNonce: () => string | undefined;
  /** Posts the login token to the site's callback (a navigation); false when that URL can't be used. */
  navigateWithToken: (callbackUrl: string, token: string) => boolean;
}

/** The name users know the site by: the server's `siteName` when present, else the hostname. */
export function siteLabel(deps: Pick<FlowDeps, 'site'>, reply: { siteName?: string | undefined }): string {
  const name = reply.siteName?.trim() ?? '';
  return name === '' ? deps.site : name;
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
