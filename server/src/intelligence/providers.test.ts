import { describe, expect, it } from 'vitest';
import type { ClientSignals } from '@pkc/shared';
import { browserFamily, providerFor, type ProviderKind } from './providers.ts';
import { AAGUID } from './testFixtures.ts';

type Where = [os: ClientSignals['os'], browser: string, mobile: boolean];

// "Does this provider exist on this platform?" — the facts placement.ts builds on.
const ROWS: { provider: string; aaguid: string; kind: ProviderKind; on: Where[]; notOn: Where[] }[] = [
  {
    provider: 'iCloud Keychain: Apple devices, any browser',
    aaguid: AAGUID.icloud,
    kind: 'synced-platform',
    on: [
      ['macos', 'Google Chrome', false],
      ['macos', 'Safari', false],
      ['ios', 'Safari', true],
    ],
    notOn: [
      ['windows', 'Google Chrome', false],
      ['android', 'Google Chrome', true],
    ],
  },
  {
    provider: 'Google Password Manager: Android, and Chrome on every desktop OS',
    aaguid: AAGUID.googlePasswordManager,
    kind: 'synced-platform',
    on: [
      ['android', 'Samsung Internet', true],
      ['windows', 'Google Chrome', false],
      ['linux', 'Chromium', false],
      ['macos', 'Google Chrome', false],
    ],
    notOn: [
      ['windows', 'Microsoft Edge', false],
      ['macos', 'Safari', false],
      ['ios', 'Google Chrome', true],
      ['linux', 'Firefox', false],
    ],
  },
  {
    provider: 'Windows Hello: Windows only (and only its own PC, by pseudonym)',
    aaguid: AAGUID.windowsHello,
    kind: 'device-bound-platform',
    on: [['windows', 'Microsoft Edge', false]],
    notOn: [
      ['macos', 'Google Chrome', false],
      ['android', 'Google Chrome', true],
    ],
  },
  {
    provider: 'Chrome on Mac: Chrome on macOS only',
    aaguid: AAGUID.chromeOnMac,
    kind: 'device-bound-platform',
    on: [['macos', 'Google Chrome', false]],
    notOn: [
      ['macos', 'Safari', false],
      ['windows', 'Google Chrome', false],
    ],
  },
  {
    provider: '1Password: every platform (presence per device is decided by evidence)',
    aaguid: AAGUID.onePassword,
    kind: 'password-manager',
    on: [
      ['windows', 'Firefox', false],
      ['ios', 'Safari', true],
    ],
    notOn: [],
  },
];

describe('providers', () => {
  it.each(ROWS)('$provider', (row) => {
    const provider = providerFor(row.aaguid);
    expect(provider.kind).toBe(row.kind);
    for (const [os, browser, mobile] of row.on) expect(provider.availableOn(os, browser, mobile), `${os}/${browser}`).toBe(true);
    for (const [os, browser, mobile] of row.notOn) expect(provider.availableOn(os, browser, mobile), `${os}/${browser}`).toBe(false);
  });

  it('names an unlisted AAGUID (or the all-zero one) "unknown provider"', () => {
    expect(providerFor(AAGUID.zero)).toMatchObject({ name: 'unknown provider', kind: 'unknown' });
    expect(providerFor('not-a-uuid').kind).toBe('unknown');
  });

  it.each([
    ['Google Chrome', 'chrome'],
    ['HeadlessChrome', 'chrome'],
    ['Chromium', 'chrome'],
    ['Microsoft Edge', 'edge'],
    ['Firefox', 'firefox'],
    ['Safari', 'safari'],
    ['Samsung Internet', 'samsung'],
    ['Opera', 'opera'],
    ['Lynx', 'other'],
  ] as const)('reads browser %s as %s', (browser, family) => {
    expect(browserFamily(browser)).toBe(family);
  });
});
