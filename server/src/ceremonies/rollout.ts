import { createHash } from 'node:crypto';
import type { ClientSignals, Platform, Reason } from '@pkc/shared';
import type { SiteRecord } from '../store/records.ts';

/** What a site's steering can hold back on a device (issue 15): passkey logins, or append offers. */
export type SteeredFeature = 'login' | 'append';

/**
 * The device's place in the site's rollout: 0–99, stable for a device pseudonym (and different
 * between sites, as pseudonyms are), so a rollout at 20 % keeps the same devices in as it grows.
 */
export function rolloutBucket(siteId: string, devicePseudonym: string): number {
  return createHash('sha256').update(`${siteId}\n${devicePseudonym}`).digest().readUInt32BE(0) % 100;
}

const onPlatform = (platforms: readonly Platform[] | undefined, client: ClientSignals) =>
  platforms === undefined || platforms.some((platform) => platform.os === client.os && platform.mobile === client.mobile);

/**
 * Why the site's steering keeps a feature from this device, or undefined when it doesn't: the
 * pause switch (everything, at once), a rollout percentage, or the platforms a feature is for.
 * Decided before Passkey Intelligence, which then never sees the attempt.
 */
export function heldBack(
  site: Pick<SiteRecord, 'id' | 'name' | 'policy'>,
  client: ClientSignals,
  feature: SteeredFeature,
): Reason | undefined {
  const policy = site.policy;
  if (policy === undefined) return undefined;
  const message = `Passkeys aren't switched on for ${site.name} on this device yet, so sign in with your password.`;
  if (policy.paused === true)
    return { code: 'not-enabled-here', message: `Passkeys are paused for ${site.name}: sign in with your password.` };
  const rollout = policy.rollout;
  if (rollout === undefined) return undefined;
  if (rollout.percent !== undefined && rolloutBucket(site.id, client.devicePseudonym) >= rollout.percent)
    return { code: 'not-enabled-here', message };
  const platforms = feature === 'login' ? rollout.loginPlatforms : rollout.appendPlatforms;
  return onPlatform(platforms, client) ? undefined : { code: 'not-enabled-here', message };
}
