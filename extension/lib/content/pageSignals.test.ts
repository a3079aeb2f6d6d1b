import { describe, expect, it } from 'vitest';
import { navigatorInfo, pageSignals } from './pageSignals.ts';

const authenticator = { platformAuthenticator: true, capabilities: { hybridTransport: true, conditionalGet: true } };
const chromeBrands = [
  { brand: 'Chromium', version: '156' },
  { brand: 'Google Chrome', version: '156' },
];
const LINUX_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

describe('pageSignals', () => {
  it('prefers UA client hints over the UA string', () => {
    const signals = pageSignals(
      { userAgent: LINUX_UA, userAgentData: { platform: 'Windows', mobile: false, brands: [{ brand: 'Google Chrome', version: '156' }] } },
      authenticator,
    );
    expect(signals).toEqual({ os: 'windows', browser: 'chrome', mobile: false, ...authenticator });
  });

  it.each([
    ['macOS', false, 'macos'],
    ['Windows', false, 'windows'],
    ['Linux', false, 'linux'],
    ['Android', true, 'android'],
    ['iOS', true, 'ios'],
    ['Chrome OS', false, 'chromeos'],
    ['Fuchsia', false, 'other'],
  ] as const)('takes os and mobile from the client-hint platform %s (Puppeteer userAgentMetadata emulation)', (platform, mobile, os) => {
    // The UA string says desktop Linux; the hints win, as with page.setUserAgent({ userAgentMetadata }).
    expect(pageSignals({ userAgent: LINUX_UA, userAgentData: { platform, mobile, brands: chromeBrands } }, authenticator)).toMatchObject({
      os,
      mobile,
      browser: 'chrome',
    });
  });

  it('reads the browser from the brands, ignoring GREASE brands', () => {
    const brands = [
      { brand: 'Not=A?Brand', version: '24' },
      { brand: 'Chromium', version: '156' },
      { brand: 'Microsoft Edge', version: '156' },
    ];
    expect(pageSignals({ userAgent: LINUX_UA, userAgentData: { platform: 'Windows', mobile: false, brands } }, authenticator).browser).toBe(
      'edge',
    );
  });

  it('falls back to the UA string when there are no client hints (or an empty platform)', () => {
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1';
    expect(pageSignals({ userAgent: iphone }, authenticator)).toMatchObject({ os: 'ios', browser: 'safari', mobile: true });
    const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36';
    expect(pageSignals({ userAgent: android }, authenticator)).toMatchObject({ os: 'android', browser: 'chrome', mobile: true });
    const mac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
    expect(pageSignals({ userAgent: mac, userAgentData: { platform: '', mobile: false, brands: [] } }, authenticator)).toMatchObject({
      os: 'macos',
      browser: 'chrome',
      mobile: false,
    });
    const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0';
    expect(pageSignals({ userAgent: firefox }, authenticator)).toMatchObject({ os: 'windows', browser: 'firefox', mobile: false });
  });

  it('navigatorInfo keeps well-formed userAgentData and drops malformed data', () => {
    const good = { userAgent: LINUX_UA, userAgentData: { platform: 'macOS', mobile: false, brands: chromeBrands } } as unknown as Navigator;
    expect(navigatorInfo(good).userAgentData?.platform).toBe('macOS');
    const bad = { userAgent: LINUX_UA, userAgentData: { platform: 7 } } as unknown as Navigator;
    expect(navigatorInfo(bad)).toEqual({ userAgent: LINUX_UA });
  });

  it('keeps at most 32 capabilities (the schema bound)', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`cap${i}`, true]));
    const signals = pageSignals({ userAgent: 'x' }, { platformAuthenticator: false, capabilities: many });
    expect(Object.keys(signals.capabilities)).toHaveLength(32);
    expect(signals.os).toBe('other');
  });
});
