import type { Reason } from '@pkc/shared';
import { reason, siteLabel, thisDevice, whereItLives } from './describe.ts';
import { failuresSinceSuccess, immediateFoundNoneHere } from './history.ts';
import { hasHybridTransport, placeAll, type PlacedCredential } from './placement.ts';
import type { DecisionInput, LoginVerdict } from './types.ts';

/*
 * Passkey Intelligence for a login attempt (ARCHITECTURE §5, issue 3). The rules, in the
 * order they are tried — the first that matches decides:
 *
 *  1. no credentials                                   → password, later first-passkey
 *  2. ≥ N passkey failures on this device, no success  → password, later heal       (seed 003)
 *  3. a credential usable here (created/used here,
 *     synced by a provider on this platform, a key)    → passkey
 *     (where the browser can check at once, a synced passkey taken to be here only
 *     because its provider runs on this platform is checked first: 3b)
 *  3b. unsure (synced or password-manager passkeys, or
 *     a phone's, not known here), the browser can check
 *     at once (immediateGet), no check found none here → passkey, immediate (issue 14);
 *     after a check found none, such passkeys count as not here
 *  4. credentials on a phone, this desktop can hybrid  → hybrid, later after-hybrid (seeds 002, 000)
 *  5. password-manager passkeys not seen here, and no
 *     recent failure here (history.ts)                 → passkey: one try (issue 18)
 *  6. only device-bound credentials of other devices   → password, later second-device (seed 004)
 *  7. otherwise (provider not here, phone unreachable) → password, later second-device
 *     (saying so when an immediate check found none here)
 */

const ids = (placed: readonly PlacedCredential[]) => placed.map((p) => p.credential.id);

export function decideLogin(input: DecisionInput): LoginVerdict {
  const { client, credentials, history, policy } = input;
  const site = siteLabel(input.siteName);

  // Rule 1 reads nothing but the empty list, so an unknown user and a known user without
  // passkeys get byte-identical verdicts whatever their history (no enumeration oracle, §2).
  if (credentials.length === 0) {
    return {
      decision: 'password',
      reason: reason(
        'no-passkey-yet',
        `You don't have a passkey for ${site} yet. Sign in with your password; you can add a passkey afterwards.`,
      ),
      laterAppend: 'first-passkey',
    };
  }

  const failures = failuresSinceSuccess(history, client.devicePseudonym, input.now);
  if (failures >= policy.failureThreshold) {
    return {
      decision: 'password',
      reason: reason(
        'repeated-failures',
        `Passkey sign-in for ${site} failed ${failures} times on ${thisDevice(client)}, so use your password this time. Afterwards you can create a new passkey here.`,
      ),
      laterAppend: 'heal',
    };
  }

  const placed = placeAll(credentials, client);
  const checkedNoneHere = immediateFoundNoneHere(history, client.devicePseudonym, input.now);
  const canCheck = client.capabilities['immediateGet'] === true;
  // A synced passkey whose provider runs on this platform is taken to be here, though the
  // person may not be signed in to that provider on this device (a desktop Chrome profile
  // without the Google account, say). Where the browser can check at once, such a passkey is
  // checked before anyone is prompted, and once a check found none here it isn't taken to be.
  const assumedOnly = (p: PlacedCredential) =>
    p.placement.where === 'here' && p.placement.because === 'synced-here' && !seenOn(p.credential, client.devicePseudonym);
  const here = placed.filter((p) => p.placement.where === 'here' && !(checkedNoneHere && assumedOnly(p)));
  const certain = here.find((p) => !assumedOnly(p));
  const first = certain ?? (canCheck && !checkedNoneHere ? undefined : here[0]);
  if (first !== undefined && first.placement.where === 'here') {
    return {
      decision: 'passkey',
      reason: usableHereReason(first, first.placement.because, site, client),
      allowCredentialIds: ids(here),
    };
  }

  // Unsure, and the browser can tell at once with no UI: ask it (uiMode 'immediate'). A passkey
  // here signs in without a step; "none here" is recorded as its own outcome (IMMEDIATE_NONE),
  // and the next decision on this device goes on to the rules below. A passkey that doesn't
  // sync (BE flag off: bound to another device, or to the phone that made it) is never here.
  const maybeHere = placed.filter(
    (p) => assumedOnly(p) || p.placement.where === 'elsewhere' || (p.placement.where === 'phone' && p.credential.backupEligible),
  );
  if (canCheck && maybeHere.length > 0 && !checkedNoneHere) {
    return {
      decision: 'passkey',
      reason: reason(
        'checking-this-device',
        `Checking whether your passkey for ${site} is on ${thisDevice(client)}; if it isn't, use your password.`,
      ),
      allowCredentialIds: ids(maybeHere),
      immediate: true,
    };
  }

  // Hybrid needs a desktop with Bluetooth (getClientCapabilities().hybridTransport) and a
  // credential the phone can present over hybrid; a phone never scans another phone's QR here.
  // A synced passkey a check found missing here is still on the phone that made it.
  const madeOnPhone = (p: PlacedCredential) => p.credential.createdOn.mobile || p.credential.lastUsedOn?.mobile === true;
  const onPhone = placed.filter(
    (p) => (p.placement.where === 'phone' || (checkedNoneHere && assumedOnly(p) && madeOnPhone(p))) && hasHybridTransport(p.credential),
  );
  const phone = onPhone[0];
  const canHybrid = !client.mobile && client.capabilities['hybridTransport'] === true;
  if (phone !== undefined && canHybrid) {
    return {
      decision: 'hybrid',
      reason: reason(
        'credentials-on-phone',
        `Your passkey for ${site} is ${whereItLives(phone)} — scan the QR code with your phone to sign in.`,
      ),
      allowCredentialIds: ids(onPhone),
    };
  }

  // People who keep passkeys in a password manager install it on most of their devices, and
  // the server can't see whether it is here. Not trying leaves a working passkey unused on
  // every new device (the simulator's largest miss, docs/intelligence-sim.md); trying costs at
  // most one failed prompt per device, because the failure it records ends the tries here
  // until it expires (FAILURE_MEMORY_DAYS).
  const inManager = placed.filter((p) => p.placement.where === 'elsewhere' && p.provider.kind === 'password-manager');
  const manager = inManager[0];
  // An immediate check that found none here already answered what the try would ask.
  if (manager !== undefined && failures === 0 && !checkedNoneHere) {
    return {
      decision: 'passkey',
      reason: reason(
        'credential-usable-here',
        `Your passkey for ${site} is in ${manager.provider.name}. If ${manager.provider.name} is on ${thisDevice(client)}, it signs you in.`,
      ),
      allowCredentialIds: ids(inManager),
    };
  }

  const deviceBound = placed.filter((p) => p.placement.where === 'device-bound-elsewhere');
  const bound = deviceBound[0];
  if (bound !== undefined && deviceBound.length === placed.length) {
    return {
      decision: 'password',
      reason: reason(
        'device-bound-elsewhere',
        `Your passkey for ${site} is ${whereItLives(bound)} and stays tied to that device, so it can't be used on ${thisDevice(client)}. Sign in with your password; you can then add a passkey here.`,
      ),
      laterAppend: 'second-device',
    };
  }

  if (checkedNoneHere) {
    return {
      decision: 'password',
      reason: reason(
        'not-on-this-device',
        `No passkey for ${site} turned up on ${thisDevice(client)} when the browser checked, so sign in with your password here. You can then add a passkey for this device.`,
      ),
      laterAppend: 'second-device',
    };
  }
  return {
    decision: 'password',
    reason: reason('no-usable-credential', notHereSentence(placed, site, client, phone !== undefined)),
    laterAppend: 'second-device',
  };
}

/** Made or used on this device (with its own authenticator: see placement.ts). */
function seenOn(credential: PlacedCredential['credential'], devicePseudonym: string): boolean {
  return credential.createdOn.devicePseudonym === devicePseudonym || credential.lastUsedOn?.devicePseudonym === devicePseudonym;
}

type HereBecause = Extract<PlacedCredential['placement'], { where: 'here' }>['because'];

function usableHereReason(p: PlacedCredential, because: HereBecause, site: string, client: DecisionInput['client']): Reason {
  switch (because) {
    case 'synced-here':
      return reason(
        'credential-usable-here',
        `Your passkey for ${site} is in ${p.provider.name}, which is available on ${thisDevice(client)}.`,
      );
    case 'portable-key':
      return reason('credential-usable-here', `Use your security key (${p.provider.name}) to sign in to ${site}.`);
    case 'seen-here':
      return reason(
        'credential-usable-here',
        p.provider.kind === 'unknown'
          ? `You have a passkey for ${site} on ${thisDevice(client)}.`
          : `You have a passkey for ${site} in ${p.provider.name} on ${thisDevice(client)}.`,
      );
    default: {
      const unreachable: never = because;
      throw new Error(`unhandled placement ${String(unreachable)}`);
    }
  }
}

function notHereSentence(placed: readonly PlacedCredential[], site: string, client: DecisionInput['client'], onPhone: boolean): string {
  const tail = 'Sign in with your password; you can then add a passkey here.';
  if (onPhone) {
    const why = client.mobile
      ? "one phone can't sign in for another"
      : "this browser can't reach your phone (no Bluetooth or hybrid support)";
    return `Your passkey for ${site} is on your phone, and ${why}. ${tail}`;
  }
  const named = placed.find((p) => p.provider.kind !== 'unknown');
  if (named === undefined) return `Your passkey for ${site} is on another device and can't be used on ${thisDevice(client)}. ${tail}`;
  const where = `Your passkey for ${site} is ${whereItLives(named)}`;
  switch (named.provider.kind) {
    case 'synced-platform':
      return `${where}, and ${named.provider.name} isn't available on ${thisDevice(client)}. ${tail}`;
    case 'password-manager':
      return `${where}, and ${named.provider.name} hasn't been used for ${site} on ${thisDevice(client)}. ${tail}`;
    case 'device-bound-platform':
    case 'security-key':
    case 'unknown':
      return `${where} and can't be used on ${thisDevice(client)}. ${tail}`;
    default: {
      const unreachable: never = named.provider.kind;
      throw new Error(`unhandled provider kind ${String(unreachable)}`);
    }
  }
}
