import type { AppendVariant } from '@pkc/shared';

/*
 * What one strategy's run counted (Tally) and the figures of issue 18 computed from it.
 * Rates are per login, so strategies that send people to more prompts can't hide behind a
 * smaller denominator.
 */

/** passkeyLoginShare is measured over the week ending on these days. */
export const SHARE_DAYS = [30, 90, 180] as const;
const SHARE_WINDOW_DAYS = 7;

export class Tally {
  logins = 0;
  passkeyLogins = 0;
  passkeyPrompts = 0;
  hybridPrompts = 0;
  doomedPrompts = 0;
  cancelledPrompts = 0;
  /** Immediate checks (no UI): each signed in with a passkey held here, or found none (immediateNone). */
  immediateChecks = 0;
  immediateNone = 0;
  missedPasskeys = 0;
  offers = 0;
  readonly offersByVariant: Record<AppendVariant, number> = { 'first-passkey': 0, 'after-hybrid': 0, heal: 0, 'second-device': 0 };
  created = 0;
  healsCompleted = 0;
  skips = 0;
  nevers = 0;
  /** Offers accepted on a device whose browser can't make a passkey after all. */
  createsImpossible = 0;
  backoffViolations = 0;
  usersWithPasskey = 0;
  readonly doomedBy = new Map<string, number>();
  readonly missedBy = new Map<string, number>();
  /** Per day: [logins, passkey logins]. */
  readonly daily: [number, number][];

  constructor(
    readonly people: number,
    readonly days: number,
  ) {
    this.daily = Array.from({ length: days }, () => [0, 0]);
  }

  login(day: number, viaPasskey: boolean): void {
    this.logins += 1;
    if (viaPasskey) this.passkeyLogins += 1;
    const today = this.daily[day];
    if (today === undefined) throw new Error(`day ${day} outside the run`);
    today[0] += 1;
    if (viaPasskey) today[1] += 1;
  }

  doomed(situation: string): void {
    this.doomedPrompts += 1;
    this.doomedBy.set(situation, (this.doomedBy.get(situation) ?? 0) + 1);
  }

  missed(situation: string): void {
    this.missedPasskeys += 1;
    this.missedBy.set(situation, (this.missedBy.get(situation) ?? 0) + 1);
  }

  offered(variant: AppendVariant): void {
    this.offers += 1;
    this.offersByVariant[variant] += 1;
  }
}

export interface Figures {
  doomedPromptRate: number;
  missedPasskeyRate: number;
  /** Keyed "30", "90", "180"; null where the run is shorter. */
  passkeyLoginShare: Record<string, number | null>;
  usersWithPasskeyShare: number;
  offersPerUser: number;
  healsCompleted: number;
  backoffViolations: number;
  /** Immediate checks made (no UI), and those that found no passkey here, per login. */
  immediateChecks: number;
  immediateNoneRate: number;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
/** Four decimals: enough for a per-mille difference, short enough to read. */
const round = (value: number) => Math.round(value * 10_000) / 10_000;

export function shareInWeekEnding(tally: Tally, day: number): number | null {
  if (day > tally.days) return null;
  let logins = 0;
  let passkey = 0;
  for (const [all, viaPasskey] of tally.daily.slice(Math.max(0, day - SHARE_WINDOW_DAYS), day)) {
    logins += all;
    passkey += viaPasskey;
  }
  return round(ratio(passkey, logins));
}

export function figures(tally: Tally): Figures {
  return {
    doomedPromptRate: round(ratio(tally.doomedPrompts, tally.logins)),
    missedPasskeyRate: round(ratio(tally.missedPasskeys, tally.logins)),
    passkeyLoginShare: Object.fromEntries(SHARE_DAYS.map((day) => [String(day), shareInWeekEnding(tally, day)])),
    usersWithPasskeyShare: round(ratio(tally.usersWithPasskey, tally.people)),
    offersPerUser: round(ratio(tally.offers, tally.people)),
    healsCompleted: tally.healsCompleted,
    backoffViolations: tally.backoffViolations,
    immediateChecks: tally.immediateChecks,
    immediateNoneRate: round(ratio(tally.immediateNone, tally.logins)),
  };
}
