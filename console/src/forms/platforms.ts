import { clientSignalsSchema, type Platform } from '@pkc/shared';

/*
 * The platforms a rollout can name: every operating system the extension reports, on a phone or
 * tablet and on a computer. Kept in this order everywhere so a saved list reads the same each time.
 */

export type Os = Platform['os'];
export const OPERATING_SYSTEMS: readonly Os[] = clientSignalsSchema.shape.os.options;

export const OS_LABELS: Record<Os, string> = {
  windows: 'Windows',
  macos: 'macOS',
  linux: 'Linux',
  chromeos: 'ChromeOS',
  android: 'Android',
  ios: 'iOS / iPadOS',
  other: 'Other',
};

export function platformKey(platform: Platform): string {
  return `${platform.os}-${platform.mobile ? 'mobile' : 'desktop'}`;
}

export function platformLabel(platform: Platform): string {
  return `${OS_LABELS[platform.os]} ${platform.mobile ? 'mobile' : 'desktop'}`;
}

export function hasPlatform(list: readonly Platform[], platform: Platform): boolean {
  return list.some((item) => item.os === platform.os && item.mobile === platform.mobile);
}

/** The list with `platform` ticked or unticked, in the canonical order, each platform once. */
export function togglePlatform(list: readonly Platform[], platform: Platform, ticked: boolean): Platform[] {
  const others = list.filter((item) => !(item.os === platform.os && item.mobile === platform.mobile));
  return sortPlatforms(ticked ? [...others, platform] : others);
}

export function sortPlatforms(list: readonly Platform[]): Platform[] {
  const rank = (platform: Platform) => OPERATING_SYSTEMS.indexOf(platform.os) * 2 + (platform.mobile ? 1 : 0);
  return [...list].sort((a, b) => rank(a) - rank(b));
}
