import '../../lib/ui/overlay.css';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContentRequest } from '@pkc/shared';
import { injectBridge } from '../../lib/bridge/injectBridge.ts';
import { createAppendFlow } from '../../lib/content/appendFlow.ts';
import { watchAppendGrants } from '../../lib/content/appendGrantWatcher.ts';
import type { FlowDeps } from '../../lib/content/flowDeps.ts';
import { watchIdentifierEntry, type IdentifierEntry } from '../../lib/content/identifierWatcher.ts';
import { createLoginFlow } from '../../lib/content/loginFlow.ts';
import { readPageNonce } from '../../lib/content/pageNonce.ts';
import { navigatorInfo, pageSignals } from '../../lib/content/pageSignals.ts';
import { postTokenToCallback } from '../../lib/content/postToCallback.ts';
import { createBackgroundClient } from '../../lib/messaging/backgroundClient.ts';
import { createOverlayHost } from '../../lib/ui/overlayHost.tsx';

/**
 * Registered at runtime by the background for partner origins only (no manifest entry), so
 * it does zero work elsewhere. Wiring only: detection, flows and UI live in lib/.
 */
export default defineContentScript({
  registration: 'runtime',
  // Only used by WXT for host permissions and the overlay CSS's web_accessible_resources;
  // where the script actually runs is decided by the background's registration.
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  main(ctx) {
    // Whatever fails here, the page carries on as if the extension weren't there (never an
    // unhandled rejection on a partner's page).
    return start(ctx).catch((error: unknown) => console.warn('[passkey-companion] not active on this page', error));
  },
});

async function start(ctx: ContentScriptContext): Promise<void> {
  const ask = createBackgroundClient((message: ContentRequest) => browser.runtime.sendMessage(message));
  // Watch for the identifier from the first moment (the background registers this script for
  // partner origins only), so a person or a password manager quicker than the start-up below
  // is heard; the newest entry waits for the flows to be ready.
  let login: ReturnType<typeof createLoginFlow> | undefined;
  let early: IdentifierEntry | undefined;
  const onIdentifier = (entry: IdentifierEntry) => {
    if (login === undefined) early = entry;
    else void login.identifierEntered(entry.username, entry.movedOn, entry.headingTo);
  };
  const identifiers = watchIdentifierEntry(document, onIdentifier);
  identifiers.onPasswordLogin(() => login?.passwordLoginStarted());
  ctx.onInvalidated(identifiers.stop);
  // The site's name and any login-field selectors its owner registered. A page the background
  // doesn't vouch for as a partner's gets nothing more: no bridge, no overlay, no listeners.
  const config = await ask({ type: 'page-config' });
  if (!config.ok || ctx.isInvalid) {
    identifiers.stop();
    return;
  }
  if (config.value.formOverrides !== undefined) identifiers.useOverrides(config.value.formOverrides);
  const bridge = await injectBridge(window);
  const overlay = await createOverlayHost(ctx, document);
  const deps: FlowDeps = {
    ask,
    bridge,
    overlay,
    site: config.value.siteName ?? location.hostname.replace(/^www\./, ''),
    async signals() {
      const reported = await bridge.signals();
      return pageSignals(navigatorInfo(navigator), reported.ok ? reported.value : { platformAuthenticator: false, capabilities: {} });
    },
    pageNonce: () => readPageNonce(document.cookie),
    navigateWithToken(callbackUrl, token) {
      return postTokenToCallback(document, callbackUrl, token);
    },
  };
  login = createLoginFlow(deps);
  // Passkey autofill on every identifier field found, from now on and those found already.
  const flow = login;
  identifiers.onIdentifierField((field) => flow.offerAutofill(field));
  if (early !== undefined) void login.identifierEntered(early.username, early.movedOn, early.headingTo);
  const append = createAppendFlow(deps);
  ctx.onInvalidated(watchAppendGrants(document, (grant) => void append.grantFound(grant)));
}
