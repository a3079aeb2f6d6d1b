import type { AppendVariant, ClientSignals, Reason, Transport } from '@pkc/shared';

/*
 * The plain inputs and outputs of Passkey Intelligence (ARCHITECTURE §5). No I/O touches
 * these: the server snapshots its records into them (see fromRecords.ts) and calls the pure
 * decide functions.
 */

/** Where a credential was created or used: the client signals minus the capability details. */
export type DeviceFacts = Pick<ClientSignals, 'devicePseudonym' | 'os' | 'browser' | 'mobile'>;

export interface CredentialFacts {
  /** base64url credential id, as it goes into allowCredentials. */
  id: string;
  /** Lower- or upper-case UUID form; all zeros when the authenticator hides it. */
  aaguid: string;
  /** BE flag: the provider may sync this credential (a "synced passkey"). */
  backupEligible: boolean;
  /** BS flag: it is currently backed up. */
  backedUp: boolean;
  transports: readonly Transport[];
  createdOn: DeviceFacts;
  /**
   * The device that last used it with its own authenticator. A cross-device (hybrid) use is
   * NOT a use on the desktop that showed the QR code: the server should leave this unchanged
   * for such logins (the engine also discounts the obvious cases, see placement.ts).
   */
  lastUsedOn?: DeviceFacts;
}

export type HistoryEventType = 'login-success' | 'login-failure' | 'append-offer' | 'append-create' | 'append-skip' | 'append-never';

export interface HistoryEvent {
  type: HistoryEventType;
  devicePseudonym: string;
  /** epoch milliseconds */
  at: number;
  /** login-failure only: the DOMException name from navigator.credentials.get(). */
  errorName?: string;
}

export interface SitePolicy {
  /** Passkey failures on one device, with no success since, before falling back to password. */
  failureThreshold: number;
  /** After `skips` append skips on one device, no offer there for `days` days. */
  skipBackoff: { skips: number; days: number };
  /** "Not on this device": how long it holds. Absent = for good (the default). */
  neverOnDevice?: { days: number };
}

export const DEFAULT_POLICY: SitePolicy = {
  failureThreshold: 2,
  skipBackoff: { skips: 3, days: 30 },
};

/** Everything both decide functions read. `now` is epoch ms; `siteName` fills the sentences. */
export interface DecisionInput {
  client: ClientSignals;
  credentials: readonly CredentialFacts[];
  history: readonly HistoryEvent[];
  policy: SitePolicy;
  now: number;
  siteName?: string;
}

export type LoginVerdict =
  /**
   * `immediate`: unsure whether one is here; the browser can say at once, with no UI
   * (`uiMode: 'immediate'`), so it is asked that way, and "none here" is no failure.
   */
  | { decision: 'passkey'; reason: Reason; allowCredentialIds: string[]; immediate?: true }
  | { decision: 'hybrid'; reason: Reason; allowCredentialIds: string[] }
  | { decision: 'password'; reason: Reason; laterAppend: AppendVariant };

/** Which login just succeeded before the site minted the append grant. */
export type AppendContext = 'after-password' | 'after-passkey' | 'after-hybrid';

export type AppendVerdict = { decision: 'offer'; variant: AppendVariant; reason: Reason } | { decision: 'skip'; reason: Reason };
