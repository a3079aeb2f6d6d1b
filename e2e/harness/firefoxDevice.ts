import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_SOFT_TOKEN_PREFS, FirefoxAuthenticator } from './firefoxAuthenticator.ts';
import { recordOverlayViews } from './overlayViews.ts';
import { waitUntil } from './waitUntil.ts';

export const FIREFOX_EXTENSION_PATH = resolve(import.meta.dirname, '../../.output/firefox-mv2');

/**
 * The extension's moz-extension:// host in test profiles. Firefox gives each install a random
 * UUID unless the `extensions.webextensions.uuids` pref names one for the add-on id; pinning it
 * lets the companion allow exactly this origin, as the manifest key does for Chromium.
 */
export const FIREFOX_EXTENSION_UUID = '6f1c2b9e-0d4a-4c7e-9a51-3b8f2e7d1c40';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

/** Debian's firefox-esr binary (not a wrapper script). FIREFOX_PATH overrides. */
export function findFirefox(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/lib/firefox-esr/firefox-esr'].filter(
    (path): path is string => path !== undefined && path !== '',
  );
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(
      'No Firefox found for the Firefox end-to-end test. Install it with `apt-get install -y firefox-esr` ' +
        '(Debian) or set FIREFOX_PATH to a Firefox binary.',
    );
  }
  return found;
}

/** The add-on id, read from the build (`npm run build:firefox`) so it has one source: wxt.config.ts. */
async function addonId(): Promise<string> {
  const manifestPath = join(FIREFOX_EXTENSION_PATH, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npm run build:firefox\` first`);
  const manifest: unknown = JSON.parse(await readFile(manifestPath, 'utf8'));
  const id = (manifest as { browser_specific_settings?: { gecko?: { id?: unknown } } } | null)?.browser_specific_settings?.gecko?.id;
  if (typeof id !== 'string') throw new Error(`${manifestPath} names no add-on id (browser_specific_settings.gecko.id)`);
  return id;
}

/**
 * One simulated device on Firefox ESR, driven over WebDriver BiDi: a fresh profile with the
 * Firefox build of the extension installed as a temporary add-on (`webExtension.install`, the
 * way an unsigned extension can be installed into a release build).
 */
export class FirefoxDevice {
  private constructor(
    readonly browser: Browser,
    private readonly profileDir: string,
  ) {}

  /** `softToken`: WebAuthn goes to virtual authenticators (`addAuthenticator`) instead of USB. */
  static async launch(name: string, options: { softToken?: boolean } = {}): Promise<FirefoxDevice> {
    const id = await addonId();
    const profileDir = await mkdtemp(join(tmpdir(), `pkc-firefox-${name}-`));
    const browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: findFirefox(),
      headless: true,
      userDataDir: profileDir,
      // BiDi refuses to navigate to moz-extension:// pages (the options page) without it, and
      // gives no chrome-scope context (firefoxAuthenticator.ts) either.
      args: ['-remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [id]: FIREFOX_EXTENSION_UUID }),
        ...(options.softToken === true ? FIREFOX_SOFT_TOKEN_PREFS : {}),
      },
    });
    try {
      const installed = await browser.installExtension(FIREFOX_EXTENSION_PATH);
      if (installed !== id) throw new Error(`installed add-on id ${installed}, expected ${id}`);
      return new FirefoxDevice(browser, profileDir);
    } catch (error) {
      await browser.close();
      await rm(profileDir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Points the extension at a companion server the way a person does, on its options page,
   * and waits until the content script is registered for every given partner origin.
   */
  async useCompanion(serverUrl: string, partnerOrigins: string[]): Promise<void> {
    const page = await this.openExtensionPage('options.html', '[data-testid="pkc-options-server-url"]');
    try {
      await page.click('[data-testid="pkc-options-server-url"]', { count: 3 });
      await page.type('[data-testid="pkc-options-server-url"]', serverUrl);
      await page.click('[data-testid="pkc-options-save"]');
      await page.waitForSelector('p[role="status"].ok');
      await waitUntil(
        async () => {
          // Evaluated in the options page, an extension page: it has the `browser` namespace.
          const matches = await page.evaluate(async () => {
            const api = (globalThis as unknown as { browser: ExtensionPageBrowser }).browser;
            const scripts = await api.scripting.getRegisteredContentScripts();
            return scripts.flatMap((script) => script.matches ?? []);
          });
          return partnerOrigins.every((origin) => matches.some((match) => match.includes(`://${new URL(origin).hostname}/`)));
        },
        { what: `content script registered for ${partnerOrigins.join(', ')}` },
      );
    } finally {
      await page.close();
    }
  }

  /** A virtual authenticator for the whole browser; needs `launch(name, { softToken: true })`. */
  async addAuthenticator(): Promise<FirefoxAuthenticator> {
    return FirefoxAuthenticator.add(this.browser);
  }

  async openTab(url: string): Promise<Page> {
    const page = await this.browser.newPage();
    await page.setViewport({ width: 1200, height: 800 });
    await recordOverlayViews(page);
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await rm(this.profileDir, { recursive: true, force: true });
  }

  /**
   * Firefox's BiDi sends no load event for a moz-extension:// document, so `goto` would wait
   * for its timeout: the navigation is left to finish on its own and the page's own content
   * (`readySelector`) is what says it is there.
   */
  private async openExtensionPage(path: string, readySelector: string): Promise<Page> {
    const page = await this.browser.newPage();
    const noLoadEvent = new AbortController();
    const navigation = page.goto(`${FIREFOX_EXTENSION_ORIGIN}/${path}`, { signal: noLoadEvent.signal }).catch(() => undefined);
    try {
      await page.waitForSelector(readySelector, { timeout: 10_000 });
    } finally {
      noLoadEvent.abort();
      await navigation;
    }
    return page;
  }
}

/** The subset of Firefox's `browser` namespace the harness uses in an extension page. */
interface ExtensionPageBrowser {
  scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string; matches?: string[] }>> };
}
