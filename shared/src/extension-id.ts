/** The extension id that follows from the manifest `key` in wxt.config.ts. */
export const EXTENSION_ID = 'jbjkfbbdcfccmknnkpllkejjphbiemij';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
/** Where the extension talks to unless its options say otherwise (CONTRACT.md). */
export const DEFAULT_SERVER_URL = 'http://localhost:8787';
