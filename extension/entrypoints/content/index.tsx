import '../../lib/ui/overlay.css';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ContentRequest } from '@pkc/shared';
import { injectBridge } from '../../lib/bridge/injectBridge.ts';
import { createAppendFlow } from '../../lib/content/appendFlow.ts';
import { watchAppendGrants } from '../../lib/content/appendGrantWatcher.ts';
import type { FlowDeps } from '../../lib/content/flowDeps.ts';
import { watchIdentifierEntry } from '../../lib/content/identifierWatcher.ts';
import { createLoginFlow } from '../../lib/content/loginFlow.ts';
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
  async main(ctx) {
    const ask = createBackgroundClient((message: ContentRequest) => browser.runtime.sendMessage(message));
    // The site's name and any login-field selectors its owner registered; without them the
    // heuristics and the hostname do.
    const config = await ask({ type: 'page-config' });
    const bridge = await injectBridge(window);
    const overlay = await createOverlayHost(ctx, document);
    const deps: FlowDeps = {
      ask,
      bridge,
      overlay,
      site: config.ok ? config.value.siteName : location.hostname.replace(/^www\./, ''),
      async signals() {
        const reported = await bridge.signals();
        return pageSignals(navigatorInfo(navigator), reported.ok ? reported.value : { platformAuthenticator: false, capabilities: {} });
      },
      navigateWithToken(callbackUrl, token) {
        postTokenToCallback(document, callbackUrl, token);
      },
    };
    const login = createLoginFlow(deps);
    const append = createAppendFlow(deps);
    const overrides = config.ok ? config.value.formOverrides : undefined;
    const stopIdentifiers = watchIdentifierEntry(document, (username) => void login.identifierEntered(username), overrides);
    const stopGrants = watchAppendGrants(document, (grant) => void append.grantFound(grant));
    ctx.onInvalidated(() => {
      stopIdentifiers();
      stopGrants();
    });
  },
});
