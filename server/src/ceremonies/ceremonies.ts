import type { Reason } from '@pkc/shared';
import { randomBytes } from 'node:crypto';
import type { AppendVariant, ClientSignals } from '@pkc/shared';
import type { Clock } from '../clock.ts';
import { ApiError } from '../errors.ts';
import { ExpiringMap } from '../expiringMap.ts';

/** ARCHITECTURE §2: challenges expire within 5 minutes. */
export const CEREMONY_TTL_MS = 5 * 60_000;
/** What the browser is told; shorter than the server-side TTL so a slow finish still lands. */
export const WEBAUTHN_TIMEOUT_MS = 180_000;

interface CeremonyBase {
  siteId: string;
  /** The exact page origin the ceremony was started for; the finish must come from it. */
  origin: string;
  userId: string;
  challenge: string;
  /** Client signals of the attempt, kept so the finish can record where it happened. */
  client: ClientSignals;
}

export interface LoginCeremony extends CeremonyBase {
  kind: 'login';
  allowCredentialIds: string[];
  /** The engine decided hybrid: the passkey is on a phone, presented over QR + Bluetooth. */
  crossDevice: boolean;
  /** The page's login nonce, for the token (binds it to this browser). */
  pageNonce?: string;
  /** The decision's full reason: told to the person once the login verified. */
  reason: Reason;
}

export interface AppendCeremony extends CeremonyBase {
  kind: 'append';
  webauthnUserId: string;
  variant: AppendVariant;
}

export type Ceremony = LoginCeremony | AppendCeremony;

/**
 * Server-side ceremonies, in memory (TTL map on the injected clock): a ceremony is
 * consumed by the first finish attempt, success or not, and is bound to its type, site,
 * origin and user.
 */
export class Ceremonies {
  private readonly pending: ExpiringMap<Ceremony>;

  constructor(clock: Clock) {
    this.pending = new ExpiringMap(clock, CEREMONY_TTL_MS);
  }

  start(ceremony: Ceremony): string {
    const ceremonyId = `cer_${randomBytes(24).toString('base64url')}`;
    this.pending.set(ceremonyId, ceremony);
    return ceremonyId;
  }

  take<K extends Ceremony['kind']>(ceremonyId: string, kind: K, origin: string): Extract<Ceremony, { kind: K }> {
    const ceremony = this.pending.take(ceremonyId);
    if (!ceremony || !isKind(ceremony, kind) || ceremony.origin !== origin) {
      throw new ApiError('ceremony_invalid', 'the ceremony is unknown, used, expired or for another origin');
    }
    return ceremony;
  }
}

function isKind<K extends Ceremony['kind']>(ceremony: Ceremony, kind: K): ceremony is Extract<Ceremony, { kind: K }> {
  return ceremony.kind === kind;
}
