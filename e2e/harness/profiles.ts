import type { Protocol } from 'puppeteer-core';

/**
 * Simulated devices. OS and form factor come from a UA + client-hints override on the tab;
 * what headless Chromium cannot report truthfully (Bluetooth for hybrid, a platform
 * authenticator) comes from the extension's explicit test-only signal override, which only
 * the extension's own service worker can set.
 */
export interface DeviceProfile {
  name: string;
  userAgent: string;
  userAgentMetadata: Protocol.Emulation.UserAgentMetadata;
  /** Written to the extension's `testSignalOverride`; undefined = no override. */
  signalOverride?: { platformAuthenticator?: boolean; capabilities?: Record<string, boolean> };
}

const CHROME_VERSION = '156.0.0.0';
const brands = [
  { brand: 'Chromium', version: '156' },
  { brand: 'Google Chrome', version: '156' },
];

function metadata(platform: string, platformVersion: string, mobile: boolean, model = ''): Protocol.Emulation.UserAgentMetadata {
  return { brands, fullVersionList: brands, platform, platformVersion, architecture: mobile ? 'arm' : 'x86', model, mobile };
}

/** A desktop with Bluetooth: can scan a phone's QR code (hybrid). */
export const MAC_WITH_BLUETOOTH: DeviceProfile = {
  name: 'mac-bluetooth',
  userAgent: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME_VERSION} Safari/537.36`,
  userAgentMetadata: metadata('macOS', '15.1.0', false),
  signalOverride: { platformAuthenticator: true, capabilities: { hybridTransport: true, passkeyPlatformAuthenticator: true } },
};

/** A desktop without Bluetooth: no hybrid. */
export const LINUX_WITHOUT_BLUETOOTH: DeviceProfile = {
  name: 'linux-no-bluetooth',
  userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME_VERSION} Safari/537.36`,
  userAgentMetadata: metadata('Linux', '6.1.0', false),
  signalOverride: { platformAuthenticator: true, capabilities: { hybridTransport: false } },
};

/** A Windows laptop whose passkeys live in Windows Hello: device-bound. */
export const WINDOWS_LAPTOP: DeviceProfile = {
  name: 'windows',
  userAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME_VERSION} Safari/537.36`,
  userAgentMetadata: metadata('Windows', '15.0.0', false),
  signalOverride: { platformAuthenticator: true, capabilities: { hybridTransport: false } },
};

/** An Android phone. */
export const ANDROID_PHONE: DeviceProfile = {
  name: 'android',
  userAgent: `Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROME_VERSION} Mobile Safari/537.36`,
  userAgentMetadata: metadata('Android', '15.0.0', true, 'Pixel 9'),
  signalOverride: { platformAuthenticator: true, capabilities: { hybridTransport: true } },
};
