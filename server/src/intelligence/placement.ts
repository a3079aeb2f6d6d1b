import type { ClientSignals } from '@pkc/shared';
import { providerAvailableHere, providerFor, type Provider } from './providers.ts';
import type { CredentialFacts } from './types.ts';

/*
 * Where one stored credential is, seen from the client asking now. Everything the rules
 * need about a credential reduces to one of these places (ARCHITECTURE §5).
 */

export type Placement =
  /** A get() on this device should find it. */
  | { where: 'here'; because: 'seen-here' | 'synced-here' | 'portable-key' }
  /** On a phone: reachable from a desktop through hybrid (QR + Bluetooth). */
  | { where: 'phone' }
  /** Bound to the hardware of another device: unreachable from here, ever. */
  | { where: 'device-bound-elsewhere' }
  /** In a provider that is not (known to be) on this device. */
  | { where: 'elsewhere' };

export interface PlacedCredential {
  credential: CredentialFacts;
  provider: Provider;
  placement: Placement;
}

export function hasHybridTransport(credential: CredentialFacts): boolean {
  // 'cable' is the pre-L3 name of 'hybrid' (CDP virtual authenticators still use it).
  return credential.transports.some((t) => t === 'hybrid' || t === 'cable');
}

function placement(credential: CredentialFacts, provider: Provider, client: ClientSignals): Placement {
  const providerHere = providerAvailableHere(provider, client);
  const createdHere = credential.createdOn.devicePseudonym === client.devicePseudonym;
  // A phone-made credential of an unknown provider "used" on a desktop was almost surely used
  // through hybrid from the phone (a known provider is covered by providerHere instead), so
  // that use is no evidence that the credential lives here.
  const usedHere =
    credential.lastUsedOn?.devicePseudonym === client.devicePseudonym &&
    !(provider.kind === 'unknown' && credential.createdOn.mobile && !client.mobile);
  const seenHere = (createdHere || usedHere) && providerHere;

  switch (provider.kind) {
    case 'synced-platform':
      // Synced passkeys (BE set) follow the account to every device where the provider runs.
      if (credential.backupEligible && providerHere) return { where: 'here', because: 'synced-here' };
      if (seenHere) return { where: 'here', because: 'seen-here' };
      break;
    case 'device-bound-platform':
    case 'password-manager':
    case 'unknown':
      if (seenHere) return { where: 'here', because: 'seen-here' };
      break;
    case 'security-key':
      // The key travels with the user; the browser asks for it over USB/NFC/BLE anywhere.
      return { where: 'here', because: 'portable-key' };
    default: {
      const unreachable: never = provider.kind;
      throw new Error(`unhandled provider kind ${String(unreachable)}`);
    }
  }

  if (hasHybridTransport(credential) && (credential.createdOn.mobile || credential.lastUsedOn?.mobile === true)) {
    return { where: 'phone' };
  }
  if (!credential.backupEligible || provider.kind === 'device-bound-platform') return { where: 'device-bound-elsewhere' };
  return { where: 'elsewhere' };
}

export function placeCredential(credential: CredentialFacts, client: ClientSignals): PlacedCredential {
  const provider = providerFor(credential.aaguid);
  return { credential, provider, placement: placement(credential, provider, client) };
}

export function placeAll(credentials: readonly CredentialFacts[], client: ClientSignals): PlacedCredential[] {
  return credentials.map((c) => placeCredential(c, client));
}
