import { describe, expect, it } from 'vitest';
import { pageSignals } from './pageSignals.ts';

const authenticator = { platformAuthenticator: true, capabilities: { hybridTransport: true, conditionalGet: true } };

describe('pageSignals', () => {
  it('prefers UA client hints', () => {
    const signals = pageSignals(
      {
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
        userAgentData: { platform: 'Windows', mobile: false, brands: [{ brand: 'Google Chrome', version: '156' }] },
      },
      authenticator,
    );
    expect(signals).toEqual({ os: 'windows', browser: 'chrome', mobile: false, ...authenticator });
  });

  it('falls back to the UA string', () => {
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1';
    expect(pageSignals({ userAgent: iphone }, authenticator)).toMatchObject({ os: 'ios', browser: 'safari', mobile: true });
    const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36';
    expect(pageSignals({ userAgent: android }, authenticator)).toMatchObject({ os: 'android', browser: 'chrome', mobile: true });
  });

  it('keeps at most 32 capabilities (the schema bound)', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`cap${i}`, true]));
    const signals = pageSignals({ userAgent: 'x' }, { platformAuthenticator: false, capabilities: many });
    expect(Object.keys(signals.capabilities)).toHaveLength(32);
    expect(signals.os).toBe('other');
  });
});
