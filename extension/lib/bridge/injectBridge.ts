import { injectScript } from 'wxt/utils/inject-script';
import { createBridgeClient, type BridgeClient } from './bridgeClient.ts';
import { BRIDGE_NONCE_ATTRIBUTE } from './protocol.ts';

/** Injects the MAIN-world bridge with a fresh random nonce and returns its client. */
export async function injectBridge(win: Window): Promise<BridgeClient> {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const nonce = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  await injectScript('/webauthn-bridge.js', {
    modifyScript(script) {
      script.dataset[BRIDGE_NONCE_ATTRIBUTE] = nonce;
    },
  });
  return createBridgeClient(win, nonce);
}
