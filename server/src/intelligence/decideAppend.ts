import type { AppendVariant, Reason } from '@pkc/shared';
import { reason, siteLabel, thisDevice } from './describe.ts';
import { passkeyBrokenHere, saidNeverHere, skipBackoffUntil } from './history.ts';
import { placeAll } from './placement.ts';
import { syncedProvidersHere } from './providers.ts';
import type { AppendContext, DecisionInput, AppendVerdict } from './types.ts';

/*
 * Passkey Intelligence after a successful login: offer to append a passkey on this device,
 * or stay quiet (ARCHITECTURE §5, issue 3; flow F6 "don't nag"). Tried in order:
 *
 *  skip  a passkey usable here exists (and isn't failing here)         passkey-exists-here
 *  skip  the client can't create one (no platform authenticator and
 *        no synced provider here)                                       client-cannot-create
 *  skip  "not on this device" was chosen here                           never-on-this-device
 *  skip  skip back-off (default 3 skips → 30 days) on this device       backed-off
 *  offer heal           — passkey failing on this device (seed 003)
 *        after-hybrid   — signed in with a phone just now (seed 000)
 *        first-passkey  — no passkey at all (seed 001)
 *        second-device  — passkeys exist, none usable here (seed 004)
 */

export function decideAppend(input: DecisionInput & { context: AppendContext }): AppendVerdict {
  const { client, credentials, history, policy, now, context } = input;
  const site = siteLabel(input.siteName);
  const device = thisDevice(client);
  const broken = passkeyBrokenHere(history, client.devicePseudonym, policy, now);

  // A passkey that keeps failing here is as good as none: that is exactly when to heal.
  const usableHere = !broken && placeAll(credentials, client).some((p) => p.placement.where === 'here');
  if (usableHere) {
    return { decision: 'skip', reason: reason('passkey-exists-here', `You already have a passkey for ${site} that works on ${device}.`) };
  }

  const canCreate =
    client.platformAuthenticator ||
    client.capabilities['passkeyPlatformAuthenticator'] === true ||
    client.capabilities['userVerifyingPlatformAuthenticator'] === true ||
    syncedProvidersHere(client).length > 0;
  if (!canCreate) {
    return {
      decision: 'skip',
      reason: reason(
        'client-cannot-create',
        `This browser can't create a passkey on ${device}: it has no screen lock authenticator or passkey provider.`,
      ),
    };
  }

  if (saidNeverHere(history, client.devicePseudonym, policy, now)) {
    return {
      decision: 'skip',
      reason: reason(
        'never-on-this-device',
        `You asked not to be offered a passkey for ${site} on this device. You can change that in the extension's popup.`,
      ),
    };
  }

  const until = skipBackoffUntil(history, client.devicePseudonym, policy);
  if (until !== undefined && now < until) {
    const date = new Date(until).toISOString().slice(0, 10);
    return {
      decision: 'skip',
      reason: reason(
        'backed-off',
        `You skipped the passkey offer for ${site} ${policy.skipBackoff.skips} times, so it won't be shown on this device again before ${date}.`,
      ),
    };
  }

  const variant = offerVariant(broken, context, credentials.length > 0);
  return { decision: 'offer', variant, reason: offerReason(variant, site, device) };
}

function offerVariant(broken: boolean, context: AppendContext, hasCredentials: boolean): AppendVariant {
  if (broken) return 'heal';
  switch (context) {
    case 'after-hybrid':
      return 'after-hybrid';
    case 'after-password':
    case 'after-passkey':
      return hasCredentials ? 'second-device' : 'first-passkey';
    default: {
      const unreachable: never = context;
      throw new Error(`unhandled append context ${String(unreachable)}`);
    }
  }
}

function offerReason(variant: AppendVariant, site: string, device: string): Reason {
  switch (variant) {
    case 'first-passkey':
      return reason(
        'no-passkey-yet',
        `Create a passkey for ${site} to sign in next time with your fingerprint, face or screen lock — no password needed.`,
      );
    case 'after-hybrid':
      return reason(
        'credentials-on-phone',
        `You signed in to ${site} with your phone. Create a passkey on ${device} to sign in directly next time.`,
      );
    case 'heal':
      return reason(
        'repeated-failures',
        `Your passkey for ${site} didn't work on this device. Create a new one here to fix passkey sign-in.`,
      );
    case 'second-device':
      return reason(
        'no-usable-credential',
        `Your passkeys for ${site} are on other devices. Create one on ${device} too to sign in without a password here.`,
      );
    default: {
      const unreachable: never = variant;
      throw new Error(`unhandled append variant ${String(unreachable)}`);
    }
  }
}
