import type { ClientSignals, PageSignals } from '@pkc/shared';
import { MAX_CAPABILITIES } from '@pkc/shared/limits';
import type { BridgeSignals } from '../bridge/bridgeReplies.ts';
import { isRecord } from '../bridge/protocol.ts';

/** The parts of `navigator` the signals come from (UA-CH where the browser has it, else the UA string). */
export interface NavigatorInfo {
  userAgent: string;
  userAgentData?: { platform: string; mobile: boolean; brands: ReadonlyArray<{ brand: string; version: string }> };
}

export function navigatorInfo(nav: Navigator): NavigatorInfo {
  // Not in TypeScript's DOM types, and absent outside Chromium: checked before use.
  const data: unknown = 'userAgentData' in nav ? nav.userAgentData : undefined;
  return isUaData(data) ? { userAgent: nav.userAgent, userAgentData: data } : { userAgent: nav.userAgent };
}

/**
 * The client signals of one attempt that the page can see (ARCHITECTURE §5). The authenticator
 * facts come from the MAIN world, so the background checks the result against `pageSignalsSchema`
 * (in `contentMessageSchema`) before it reaches the server.
 */
export function pageSignals(info: NavigatorInfo, authenticator: BridgeSignals): PageSignals {
  return {
    os: osFrom(info),
    browser: browserFrom(info),
    mobile: info.userAgentData?.mobile ?? /Mobi|Android|iPhone|iPad/.test(info.userAgent),
    platformAuthenticator: authenticator.platformAuthenticator,
    // The schema's bound: more would fail the whole message in the background.
    capabilities: Object.fromEntries(Object.entries(authenticator.capabilities).slice(0, MAX_CAPABILITIES)),
  };
}

/**
 * UA client hints when the browser has them (their platform is authoritative: Puppeteer's
 * `setUserAgent({ userAgentMetadata })` emulation sets exactly these), else the UA string.
 */
function osFrom(info: NavigatorInfo): ClientSignals['os'] {
  const platform = info.userAgentData?.platform.trim() ?? '';
  return platform !== '' ? osFromText(platform) : osFromText(info.userAgent);
}

function osFromText(text: string): ClientSignals['os'] {
  if (/Android/i.test(text)) return 'android';
  if (/iPhone|iPad|iPod|\biOS\b/i.test(text)) return 'ios';
  if (/CrOS|Chrome ?OS/i.test(text)) return 'chromeos';
  if (/Windows/i.test(text)) return 'windows';
  if (/Mac ?OS|Macintosh/i.test(text)) return 'macos';
  if (/Linux|X11/i.test(text)) return 'linux';
  return 'other';
}

const KNOWN_BRANDS = ['Microsoft Edge', 'Opera', 'Brave', 'Google Chrome', 'Chromium'];

function browserFrom(info: NavigatorInfo): string {
  const brands = info.userAgentData?.brands.map((entry) => entry.brand) ?? [];
  const known = KNOWN_BRANDS.find((brand) => brands.includes(brand));
  if (known !== undefined)
    return known
      .toLowerCase()
      .replace(/^google /, '')
      .replace(/^microsoft /, '');
  const ua = info.userAgent;
  if (/Edg\//.test(ua)) return 'edge';
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Chrome\/|CriOS\//.test(ua)) return 'chrome';
  if (/Safari\//.test(ua)) return 'safari';
  return 'other';
}

function isUaData(value: unknown): value is NonNullable<NavigatorInfo['userAgentData']> {
  return (
    isRecord(value) &&
    typeof value.platform === 'string' &&
    typeof value.mobile === 'boolean' &&
    Array.isArray(value.brands) &&
    value.brands.every((entry: unknown) => isRecord(entry) && typeof entry.brand === 'string' && typeof entry.version === 'string')
  );
}
