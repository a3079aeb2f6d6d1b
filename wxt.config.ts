import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/**
 * The public half of the extension's signing key. It fixes the extension id to
 * EXTENSION_ID (shared/src/extension-id.ts) on every machine, so the companion
 * server can allow exactly this extension's origin.
 */
const MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7Wthhz0hanc4JM8+iEXSW5y4hpGQQpnEClFmPZkJIA/RDzPTRzrEqSC8t3YOJJdSSv9VdPyE0I9CyyC6HQfaAbhV/5zu33Zwo0FZXTcxVd09ZSIoGWpe9nA/ya2aKPIjuxwVVBY1ZTDalo5RotVoVWhMwE5hLZYnelz2unwRTMh2q0Fn9x/2LHhQVgaQZRtwe0iekDquNSP6VMrqBluywvAKBEXagViEmYqUJAQBbtcDoZtMJtg8FrpgwBaR4ggCiVkNqLDgBlaWTkuUcaL9DUZZyvwFjjhf2dEuH+6xlwEBARfP9/MhKgFEl0DfqK83D0Jp1+fBhabpaFq9p3epowIDAQAB';

/**
 * Firefox has no manifest `key`: the add-on id names the extension, and its origin is
 * `moz-extension://<a per-install UUID>` (which a profile may pin with the
 * `extensions.webextensions.uuids` pref). The id is read back from the built manifest by the
 * Firefox e2e harness. 140 is the first ESR that knows `data_collection_permissions`; what the
 * extension sends the companion (the identifier typed on a partner site, passkey ceremonies)
 * is authentication information.
 */
const FIREFOX_SETTINGS = {
  gecko: {
    id: 'passkey-companion@passkey-companion.dev',
    strict_min_version: '140.0',
    data_collection_permissions: { required: ['authenticationInfo'] },
  },
};

export default defineConfig({
  srcDir: 'extension',
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Passkey Companion',
    description: 'Passkeys on partner sites that only have passwords.',
    ...(browser === 'firefox' ? { browser_specific_settings: FIREFOX_SETTINGS } : { key: MANIFEST_KEY }),
    permissions: ['storage', 'scripting', 'tabs', 'alarms'],
    // Partner sites are registered with the server at any time, so the extension
    // must be able to register its content script on origins it does not know yet.
    host_permissions: ['http://*/*', 'https://*/*'],
    // The bridge is injected into partner pages only, but a web-accessible resource can be
    // fetched by any page: under the fixed id that tells every website the extension is
    // installed. With a dynamic URL (a per-session id) only our own injection can name it
    // (security review round 2, finding 8).
    web_accessible_resources: [{ resources: ['webauthn-bridge.js'], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true }],
  }),
});
