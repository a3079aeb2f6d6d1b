import type { Browser } from 'puppeteer-core';

/**
 * Firefox's WebAuthn soft token: with it on, every WebAuthn request of the browser goes to the
 * virtual authenticators added through nsIWebAuthnService (none by default), and none to USB.
 */
export const FIREFOX_SOFT_TOKEN_PREFS = {
  'security.webauth.webauthn_enable_softtoken': true,
  'security.webauth.webauthn_enable_usbtoken': false,
} as const;

/** What Firefox's nsIWebAuthnService.addVirtualAuthenticator takes, in its order. */
export interface FirefoxAuthenticatorOptions {
  protocol: 'ctap1/u2f' | 'ctap2' | 'ctap2_1';
  transport: 'usb' | 'nfc' | 'ble' | 'smart-card' | 'hybrid' | 'internal';
  hasResidentKey: boolean;
  hasUserVerification: boolean;
  /** Simulates the person's consent (user presence) for every operation: no prompt waits. */
  isUserConsenting: boolean;
  /** Every user verification passes. */
  isUserVerified: boolean;
}

/** This device's platform authenticator, as the Chromium harness's default profile has it. */
const PLATFORM_AUTHENTICATOR: FirefoxAuthenticatorOptions = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserConsenting: true,
  isUserVerified: true,
};

/** One credential as nsIWebAuthnService.getCredentials reports it (ids base64url). */
export interface FirefoxCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId: string;
  userHandle: string;
  signCount: number;
}

/** The raw BiDi connection puppeteer-core's BiDi browser keeps (not in its public types). */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface BidiEvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text?: string };
}

/**
 * A virtual authenticator in Firefox. WebDriver BiDi has no WebAuthn module and Marionette's
 * WebAuthn commands are WebDriver classic, so the harness calls what those commands call:
 * nsIWebAuthnService, evaluated in the browser's chrome window (a BiDi `moz:scope: 'chrome'`
 * context, open to the session only with -remote-allow-system-access). Needs the soft token
 * prefs (FIREFOX_SOFT_TOKEN_PREFS) at launch. Unlike Chromium's CDP authenticators, it belongs
 * to the whole browser, not to a tab.
 */
export class FirefoxAuthenticator {
  private constructor(
    private readonly bidi: BidiConnection,
    private readonly chromeContext: string,
    readonly authenticatorId: string,
  ) {}

  static async add(browser: Browser, options: FirefoxAuthenticatorOptions = PLATFORM_AUTHENTICATOR): Promise<FirefoxAuthenticator> {
    const bidi = bidiConnection(browser);
    const chromeContext = await chromeWindowContext(bidi);
    const args = [
      options.protocol,
      options.transport,
      options.hasResidentKey,
      options.hasUserVerification,
      options.isUserConsenting,
      options.isUserVerified,
    ];
    const id = await evaluateInChrome(bidi, chromeContext, `String(${SERVICE}.addVirtualAuthenticator(...${JSON.stringify(args)}))`);
    if (typeof id !== 'string' || id === '') throw new Error(`addVirtualAuthenticator returned ${String(id)}`);
    return new FirefoxAuthenticator(bidi, chromeContext, id);
  }

  async credentials(): Promise<FirefoxCredential[]> {
    const json = await evaluateInChrome(
      this.bidi,
      this.chromeContext,
      `JSON.stringify(${SERVICE}.getCredentials(${JSON.stringify(this.authenticatorId)}).map((c) => ({
        credentialId: c.credentialId, isResidentCredential: c.isResidentCredential, rpId: c.rpId,
        userHandle: c.userHandle, signCount: c.signCount })))`,
    );
    if (typeof json !== 'string') throw new Error(`getCredentials returned ${String(json)}`);
    return JSON.parse(json) as FirefoxCredential[];
  }

  async remove(): Promise<void> {
    await evaluateInChrome(this.bidi, this.chromeContext, `${SERVICE}.removeVirtualAuthenticator(${JSON.stringify(this.authenticatorId)})`);
  }
}

const SERVICE = 'Cc["@mozilla.org/webauthn/service;1"].getService(Ci.nsIWebAuthnService)';

function bidiConnection(browser: Browser): BidiConnection {
  const connection: unknown = (browser as unknown as { connection?: unknown }).connection;
  if (typeof (connection as Partial<BidiConnection> | undefined)?.send !== 'function') {
    throw new Error('this Puppeteer browser has no BiDi connection (launch Firefox with protocol: webDriverBiDi)');
  }
  return connection as BidiConnection;
}

/** The first top-level chrome (browser UI) window: where Cc/Ci and XPCOM services are reachable. */
async function chromeWindowContext(bidi: BidiConnection): Promise<string> {
  const { result } = await bidi.send('browsingContext.getTree', { maxDepth: 0, 'moz:scope': 'chrome' });
  const context = (result as { contexts?: Array<{ context: string }> }).contexts?.[0]?.context;
  if (context === undefined) {
    throw new Error('no chrome-scope browsing context: is Firefox started with -remote-allow-system-access?');
  }
  return context;
}

async function evaluateInChrome(bidi: BidiConnection, context: string, expression: string): Promise<unknown> {
  const { result } = await bidi.send('script.evaluate', { expression, target: { context }, awaitPromise: false });
  const evaluated = result as BidiEvaluateResult;
  if (evaluated.type === 'exception') {
    throw new Error(`chrome-scope evaluation failed: ${evaluated.exceptionDetails?.text ?? 'unknown error'}`);
  }
  return evaluated.result?.value;
}
