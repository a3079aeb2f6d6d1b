import type { Reason } from '@pkc/shared';
import { randomBytes } from 'node:crypto';
import type { AppendVariant, ClientSignals } from '@pkc/shared';
import { ApiError } from '../errors.ts';
import type { SharedState, SingleUseEntries } from '../sharedState/SharedState.ts';

/** ARCHITECTURE §2: challenges expire within 5 minutes. */
export const CEREMONY_TTL_MS = 5 * 60_000;
/** In one server's memory, the oldest go first past this many (a flood of starts can't exhaust memory). */
const MAX_PENDING_CEREMONIES = 100_000;
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
  /** An immediate-mode check (unsure whether a passkey is here): "none here" is its own outcome. */
  immediate: boolean;
  /**
   * Passkey autofill (conditional UI): no username was given, `userId` is empty, and the
   * passkey the person chose names the account (its user handle must be that account's).
   */
  discoverable?: true;
}

export interface AppendCeremony extends CeremonyBase {
  kind: 'append';
  webauthnUserId: string;
  variant: AppendVariant;
  /** The browser said it can create conditionally (automatic upgrade): only then may the finish be one. */
  conditionalCreate: boolean;
}

export type Ceremony = LoginCeremony | AppendCeremony;

/**
 * Server-side ceremonies, kept in the shared state (SharedState.ts: memory for one server,
 * PostgreSQL for several), so a login started on one server finishes on another. A ceremony
 * is consumed by the first finish attempt, success or not, and is bound to its type, site,
 * origin and user.
 */
export class Ceremonies {
  private readonly pending: SingleUseEntries<Ceremony>;

  constructor(shared: SharedState) {
    this.pending = shared.singleUse<Ceremony>('ceremony', CEREMONY_TTL_MS, MAX_PENDING_CEREMONIES);
  }

  async start(ceremony: Ceremony): Promise<string> {
    const ceremonyId = `cer_${randomBytes(24).toString('base64url')}`;
    await this.pending.put(ceremonyId, ceremony, '');
    return ceremonyId;
  }

  async take<K extends Ceremony['kind']>(ceremonyId: string, kind: K, origin: string): Promise<Extract<Ceremony, { kind: K }>> {
    const ceremony = await this.pending.take(ceremonyId);
    if (!ceremony || !isKind(ceremony, kind) || ceremony.origin !== origin) {
      throw new ApiError('ceremony_invalid', 'the ceremony is unknown, used, expired or for another origin');
    }
    return ceremony;
  }
}

function isKind<K extends Ceremony['kind']>(ceremony: Ceremony, kind: K): ceremony is Extract<Ceremony, { kind: K }> {
  return ceremony.kind === kind;
}
