import { z } from 'zod';
import { pageSignalsSchema, type ClientSignals, type PageSignals } from '@pkc/shared';

/** The parts of `navigator` the signals come from (UA-CH where the browser has it, else the UA string). */
export interface NavigatorInfo {
  userAgent: string;
  userAgentData?: { platform: string; mobile: boolean; brands: ReadonlyArray<{ brand: string; version: string }> };
}

export function navigatorInfo(nav: Navigator): NavigatorInfo {
  const data: unknown = 'userAgentData' in nav ? nav.userAgentData : undefined;
  const parsed = uaDataSchema.safeParse(data);
  return parsed.success ? { userAgent: nav.userAgent, userAgentData: parsed.data } : { userAgent: nav.userAgent };
}

/** The client signals of one attempt that the page can see (ARCHITECTURE §5). */
export function pageSignals(
  info: NavigatorInfo,
  authenticator: { platformAuthenticator: boolean; capabilities: Record<string, boolean> },
): PageSignals {
  const capabilities = Object.fromEntries(Object.entries(authenticator.capabilities).slice(0, 32));
  return pageSignalsSchema.parse({
    os: osFrom(info),
    browser: browserFrom(info),
    mobile: info.userAgentData?.mobile ?? /Mobi|Android|iPhone|iPad/.test(info.userAgent),
    platformAuthenticator: authenticator.platformAuthenticator,
    capabilities,
  });
}

function osFrom(info: NavigatorInfo): ClientSignals['os'] {
  const source = `${info.userAgentData?.platform ?? ''} ${info.userAgent}`;
  if (/Android/i.test(source)) return 'android';
  if (/iPhone|iPad|iPod|\biOS\b/i.test(source)) return 'ios';
  if (/CrOS|Chrome OS/i.test(source)) return 'chromeos';
  if (/Windows/i.test(source)) return 'windows';
  if (/Mac ?OS|Macintosh/i.test(source)) return 'macos';
  if (/Linux|X11/i.test(source)) return 'linux';
  return 'other';
}

const KNOWN_BRANDS = ['Microsoft Edge', 'Opera', 'Brave', 'Google Chrome', 'Chromium'];

function browserFrom(info: NavigatorInfo): string {
  const brands = info.userAgentData?.brands.map((entry) => entry.brand) ?? [];
  const known = KNOWN_BRANDS.find((brand) => brands.includes(brand));
  if (known !== undefined) return known.toLowerCase().replace(/^google /, '').replace(/^microsoft /, '');
  const ua = info.userAgent;
  if (/Edg\//.test(ua)) return 'edge';
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Chrome\/|CriOS\//.test(ua)) return 'chrome';
  if (/Safari\//.test(ua)) return 'safari';
  return 'other';
}

const uaDataSchema = z.object({
  platform: z.string(),
  mobile: z.boolean(),
  brands: z.array(z.object({ brand: z.string(), version: z.string() })),
});
