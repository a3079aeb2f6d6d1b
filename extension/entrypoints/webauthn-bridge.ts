import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startBridge } from '../lib/bridge/mainWorldBridge.ts';
import { BRIDGE_NONCE_ATTRIBUTE } from '../lib/bridge/protocol.ts';

/** MAIN-world WebAuthn bridge, injected by the content script (see lib/bridge/protocol.ts). */
export default defineUnlistedScript(() => {
  const script = document.currentScript;
  const nonce = script instanceof HTMLScriptElement ? script.dataset[BRIDGE_NONCE_ATTRIBUTE] : undefined;
  if (nonce === undefined || nonce === '') return;
  startBridge(window, nonce);
});
