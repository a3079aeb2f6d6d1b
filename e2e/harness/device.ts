import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page, type Target, type WebWorker } from 'puppeteer-core';
import { CHROMIUM_FLAGS, findChromium } from './chromium.ts';
import { CompanionTraffic } from './companionTraffic.ts';
import { autofillWaitsForAPick } from './passkeyAutofill.ts';
import { recordOverlayViews } from './overlayViews.ts';
import { VirtualAuthenticator, type AuthenticatorProfile } from './authenticator.ts';
import type { DeviceProfile } from './profiles.ts';
import { waitUntil } from './waitUntil.ts';

export const EXTENSION_PATH = resolve(import.meta.dirname, '../../.output/chrome-mv3');

/** The subset of the `chrome` namespace the harness uses inside the extension's service worker. */
interface WorkerChrome {
  storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
  scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string; matches?: string[] }>> };
}

export interface Tab {
  page: Page;
  authenticator: VirtualAuthenticator;
}

/**
 * One simulated device: a fresh Chromium profile with the real extension loaded.
 * Flows that happen "on the same device" share one Device.
 */
export class Device {
  private constructor(
    readonly name: string,
    readonly browser: Browser,
    readonly extensionId: string,
    readonly worker: WebWorker,
    readonly traffic: CompanionTraffic,
    private readonly profileDir: string,
    readonly profile: DeviceProfile | undefined,
  ) {}

  /** Without a profile, the device is whatever headless Chromium on this machine reports. */
  static async launch(name: string, profile?: DeviceProfile): Promise<Device> {
    const profileDir = await mkdtemp(join(tmpdir(), `pkc-${name}-`));
    const browser = await puppeteer.launch({
      executablePath: findChromium(),
      headless: true,
      pipe: true,
      enableExtensions: true,
      userDataDir: profileDir,
      args: CHROMIUM_FLAGS,
    });
    try {
      const extensionId = await browser.installExtension(EXTENSION_PATH);
      const target = await browser.waitForTarget(
        (t: Target) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
        { timeout: 10_000 },
      );
      const worker = await target.worker();
      if (worker === null) throw new Error('extension service worker has no worker handle');
      // The worker target can appear before the extension APIs are bound in it.
      await waitUntil(() => worker.evaluate(() => typeof (globalThis as { chrome?: Partial<WorkerChrome> }).chrome?.storage === 'object'), {
        what: 'the extension service worker to be ready',
      });
      const traffic = await CompanionTraffic.watch(target);
      const device = new Device(name, browser, extensionId, worker, traffic, profileDir, profile);
      if (profile?.signalOverride) await device.setStorage({ testSignalOverride: profile.signalOverride });
      return device;
    } catch (error) {
      await browser.close();
      await rm(profileDir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Points the extension at a companion server (what a user does on the options page) and
   * waits until the content script is registered for every given partner origin.
   */
  async useCompanion(serverUrl: string, partnerOrigins: string[]): Promise<void> {
    await this.setStorage({ serverUrl });
    await waitUntil(
      async () => {
        const scripts = await this.worker.evaluate(async () => {
          const api = (globalThis as unknown as { chrome: WorkerChrome }).chrome;
          return api.scripting.getRegisteredContentScripts();
        });
        const matches = scripts.flatMap((script) => script.matches ?? []);
        return partnerOrigins.every((origin) => {
          const host = new URL(origin).hostname;
          return matches.some((match) => match.includes(`://${host}`));
        });
      },
      { what: `content script registered for ${partnerOrigins.join(', ')}` },
    );
  }

  /** Writes the extension's own storage from its service worker: out of any web page's reach. */
  async setStorage(items: Record<string, unknown>): Promise<void> {
    await this.worker.evaluate(async (values: Record<string, unknown>) => {
      const api = (globalThis as unknown as { chrome: WorkerChrome }).chrome;
      await api.storage.local.set(values);
    }, items);
  }

  /** A new focused tab with its own virtual authenticator (one per tab, see E2E-HARNESS.md). */
  async openTab(url: string, profile?: AuthenticatorProfile): Promise<Tab> {
    const page = await this.browser.newPage();
    const mobile = this.profile?.userAgentMetadata.mobile ?? false;
    await page.setViewport(mobile ? { width: 390, height: 844, isMobile: true, hasTouch: true } : { width: 1200, height: 800 });
    if (this.profile) {
      await page.setUserAgent({ userAgent: this.profile.userAgent, userAgentMetadata: this.profile.userAgentMetadata });
    }
    const authenticator = await VirtualAuthenticator.attach(page, profile);
    await recordOverlayViews(page);
    await autofillWaitsForAPick(page);
    await page.goto(url, { waitUntil: 'load' });
    return { page, authenticator };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await rm(this.profileDir, { recursive: true, force: true });
  }
}
