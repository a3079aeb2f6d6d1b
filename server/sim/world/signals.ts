import type { ClientSignals } from '@pkc/shared';
import type { Device, DeviceKind } from './model.ts';

/*
 * What the extension sends about a device (ARCHITECTURE §5 client signals): OS, browser,
 * form factor, isUserVerifyingPlatformAuthenticatorAvailable(), getClientCapabilities() and
 * the per-site pseudonym. Nothing else of the world reaches the engine.
 */

const OS: Readonly<Record<DeviceKind, ClientSignals['os']>> = {
  iphone: 'ios',
  android: 'android',
  mac: 'macos',
  windows: 'windows',
  linux: 'linux',
};

/**
 * `reportsImmediateGet`: the extension passes on getClientCapabilities().immediateGet (since
 * issue 14). Without it the engine never asks for an immediate check, as before that change.
 */
export function clientSignals(device: Device, reportsImmediateGet: boolean): ClientSignals {
  return {
    os: OS[device.kind],
    browser: device.browser,
    mobile: device.mobile,
    platformAuthenticator: device.platformAuthenticator,
    capabilities: {
      conditionalGet: true,
      // Chrome reports hybridTransport only where it can reach a phone (Bluetooth present).
      hybridTransport: !device.mobile && device.bluetooth,
      passkeyPlatformAuthenticator: device.platformAuthenticator,
      userVerifyingPlatformAuthenticator: device.platformAuthenticator,
      ...(reportsImmediateGet ? { immediateGet: device.immediateGet } : {}),
    },
    devicePseudonym: device.pseudonym,
  };
}
