import { describe, expect, it } from 'vitest';
import { reasonSchema, type AppendVariant, type ClientSignals, type ReasonCode } from '@pkc/shared';
import { decideAppend } from './decideAppend.ts';
import { FAILURE_MEMORY_DAYS } from './history.ts';
import {
  AAGUID,
  ANDROID_CHROME,
  credential,
  DAY,
  device,
  event,
  IPHONE_SAFARI,
  LINUX_CHROME,
  LINUX_FIREFOX,
  MAC_CHROME,
  OTHER_WINDOWS_PC,
  T0,
  USERS_ANDROID,
  USERS_IPHONE,
  WINDOWS_CHROME,
} from './testFixtures.ts';
import { DEFAULT_POLICY, type AppendContext, type CredentialFacts, type HistoryEvent, type SitePolicy } from './types.ts';

interface Row {
  rule: string;
  client: ClientSignals;
  context: AppendContext;
  credentials?: CredentialFacts[];
  history?: HistoryEvent[];
  policy?: SitePolicy;
  /** days after T0 */
  now?: number;
  expected: { decision: 'offer'; variant: AppendVariant; code: ReasonCode } | { decision: 'skip'; code: ReasonCode; says?: string };
}

const icloudOnIphone = credential('icloud-iphone', AAGUID.icloud, USERS_IPHONE);
const helloHere = credential('hello-here', AAGUID.windowsHello, device(WINDOWS_CHROME));
const helloElsewhere = credential('hello-office', AAGUID.windowsHello, OTHER_WINDOWS_PC);
const skips = (on: ClientSignals, ...days: number[]) => days.map((d) => event('append-skip', on, d));

// After any successful login, offer an append unless one of the skip rules holds (issue 3).
const RULES: Row[] = [
  {
    rule: 'after a password login, no passkey yet → offer first-passkey',
    client: MAC_CHROME,
    context: 'after-password',
    expected: { decision: 'offer', variant: 'first-passkey', code: 'no-passkey-yet' },
  },
  {
    rule: 'after a hybrid login from the phone → offer after-hybrid',
    client: WINDOWS_CHROME,
    context: 'after-hybrid',
    credentials: [icloudOnIphone],
    history: [event('login-success', WINDOWS_CHROME, 1)],
    expected: { decision: 'offer', variant: 'after-hybrid', code: 'credentials-on-phone' },
  },
  {
    rule: 'after a password login that followed repeated passkey failures here → offer heal',
    client: WINDOWS_CHROME,
    context: 'after-password',
    credentials: [helloHere],
    history: [event('login-failure', WINDOWS_CHROME, 1, 'NotAllowedError'), event('login-failure', WINDOWS_CHROME, 1, 'NotAllowedError')],
    expected: { decision: 'offer', variant: 'heal', code: 'repeated-failures' },
  },
  {
    rule: 'after a password login, only device-bound passkeys of other devices → offer second-device',
    client: MAC_CHROME,
    context: 'after-password',
    credentials: [helloElsewhere],
    expected: { decision: 'offer', variant: 'second-device', code: 'no-usable-credential' },
  },
  {
    rule: 'a passkey usable here already exists → skip',
    client: WINDOWS_CHROME,
    context: 'after-passkey',
    credentials: [helloHere],
    history: [event('login-success', WINDOWS_CHROME, 1)],
    expected: { decision: 'skip', code: 'passkey-exists-here' },
  },
  {
    rule: 'the client cannot create one (no platform authenticator, no synced provider here) → skip',
    client: LINUX_FIREFOX,
    context: 'after-password',
    expected: { decision: 'skip', code: 'client-cannot-create' },
  },
  {
    rule: 'back-off: 3 skips on this device → skip for 30 days',
    client: MAC_CHROME,
    context: 'after-password',
    history: skips(MAC_CHROME, 1, 2, 3),
    now: 10,
    expected: { decision: 'skip', code: 'backed-off', says: '2025-07-04' },
  },
  {
    rule: '"not on this device" → skip here for good',
    client: MAC_CHROME,
    context: 'after-password',
    history: [event('append-never', MAC_CHROME, 1)],
    now: 400,
    expected: { decision: 'skip', code: 'never-on-this-device' },
  },
];

const EDGES: Row[] = [
  {
    rule: 'two skips are not yet a back-off → offer',
    client: MAC_CHROME,
    context: 'after-password',
    history: skips(MAC_CHROME, 1, 2),
    now: 3,
    expected: { decision: 'offer', variant: 'first-passkey', code: 'no-passkey-yet' },
  },
  {
    rule: 'back-off expires 30 days after the third skip → offer again',
    client: MAC_CHROME,
    context: 'after-password',
    history: skips(MAC_CHROME, 1, 2, 3),
    now: 33,
    expected: { decision: 'offer', variant: 'first-passkey', code: 'no-passkey-yet' },
  },
  {
    rule: 'one day before expiry the back-off still holds → skip',
    client: MAC_CHROME,
    context: 'after-password',
    history: skips(MAC_CHROME, 1, 2, 3),
    now: 32,
    expected: { decision: 'skip', code: 'backed-off' },
  },
  {
    rule: 'after expiry a single new skip does not restart the back-off → offer',
    client: MAC_CHROME,
    context: 'after-password',
    history: skips(MAC_CHROME, 1, 2, 3, 40),
    now: 41,
    expected: { decision: 'offer', variant: 'first-passkey', code: 'no-passkey-yet' },
  },
  {
    rule: 'skips on another device do not back off here → offer',
    client: MAC_CHROME,
    context: 'after-password',
    history: skips(IPHONE_SAFARI, 1, 2, 3),
    now: 4,
    expected: { decision: 'offer', variant: 'first-passkey', code: 'no-passkey-yet' },
  },
  {
    rule: '"not on this device" on another device does not count here → offer',
    client: MAC_CHROME,
    context: 'after-password',
    history: [event('append-never', ANDROID_CHROME, 1)],
    expected: { decision: 'offer', variant: 'first-passkey', code: 'no-passkey-yet' },
  },
  {
    rule: 'site policy tunes the back-off: 2 skips → 7 days',
    client: MAC_CHROME,
    context: 'after-password',
    policy: { ...DEFAULT_POLICY, skipBackoff: { skips: 2, days: 7 } },
    history: skips(MAC_CHROME, 1, 2),
    now: 8,
    expected: { decision: 'skip', code: 'backed-off' },
  },
  {
    rule: 'site policy tunes the back-off: after its 7 days → offer',
    client: MAC_CHROME,
    context: 'after-password',
    policy: { ...DEFAULT_POLICY, skipBackoff: { skips: 2, days: 7 } },
    history: skips(MAC_CHROME, 1, 2),
    now: 9,
    expected: { decision: 'offer', variant: 'first-passkey', code: 'no-passkey-yet' },
  },
  {
    rule: 'site policy can give "not on this device" an expiry (90 days) → offer after it',
    client: MAC_CHROME,
    context: 'after-password',
    policy: { ...DEFAULT_POLICY, neverOnDevice: { days: 90 } },
    history: [event('append-never', MAC_CHROME, 1)],
    now: 92,
    expected: { decision: 'offer', variant: 'first-passkey', code: 'no-passkey-yet' },
  },
  {
    rule: 'a passkey created here resets the skip count',
    client: MAC_CHROME,
    context: 'after-password',
    credentials: [
      credential('chrome-mac-gone', AAGUID.chromeOnMac, { ...device(MAC_CHROME), devicePseudonym: 'old-profile-Jd83kLq0Zp2w' }),
    ],
    history: [...skips(MAC_CHROME, 1, 2), event('append-create', MAC_CHROME, 3), ...skips(MAC_CHROME, 4)],
    now: 5,
    expected: { decision: 'offer', variant: 'second-device', code: 'no-usable-credential' },
  },
  {
    rule: 'Chrome on Linux has no platform authenticator but Google Password Manager → offer',
    client: LINUX_CHROME,
    context: 'after-password',
    expected: { decision: 'offer', variant: 'first-passkey', code: 'no-passkey-yet' },
  },
  {
    rule: 'a synced passkey available here (GPM in Chrome on Windows) exists → skip',
    client: WINDOWS_CHROME,
    context: 'after-password',
    credentials: [credential('gpm-android', AAGUID.googlePasswordManager, USERS_ANDROID)],
    expected: { decision: 'skip', code: 'passkey-exists-here' },
  },
  {
    rule: 'after hybrid, even if the server recorded the phone credential as last used here → offer after-hybrid',
    client: WINDOWS_CHROME,
    context: 'after-hybrid',
    credentials: [
      credential('virtual-phone', AAGUID.zero, USERS_ANDROID, { transports: ['ble', 'hybrid'], lastUsedOn: device(WINDOWS_CHROME) }),
    ],
    history: [event('login-success', WINDOWS_CHROME, 1)],
    expected: { decision: 'offer', variant: 'after-hybrid', code: 'credentials-on-phone' },
  },
  {
    rule: 'heal is offered even when the failing passkey looks usable here',
    client: MAC_CHROME,
    context: 'after-password',
    credentials: [icloudOnIphone],
    history: [event('login-failure', MAC_CHROME, 1, 'NotAllowedError'), event('login-failure', MAC_CHROME, 2, 'SecurityError')],
    expected: { decision: 'offer', variant: 'heal', code: 'repeated-failures' },
  },
  {
    rule: `failures older than ${FAILURE_MEMORY_DAYS} days no longer make a passkey that looks usable here broken → skip, passkey-exists-here (issue 18)`,
    client: MAC_CHROME,
    context: 'after-password',
    credentials: [icloudOnIphone],
    history: [event('login-failure', MAC_CHROME, 1, 'NotAllowedError'), event('login-failure', MAC_CHROME, 2, 'NotAllowedError')],
    now: 2 + FAILURE_MEMORY_DAYS + 1,
    expected: { decision: 'skip', code: 'passkey-exists-here' },
  },
  {
    rule: 'a heal still respects "not on this device" → skip',
    client: MAC_CHROME,
    context: 'after-password',
    credentials: [icloudOnIphone],
    history: [
      event('append-never', MAC_CHROME, 0),
      event('login-failure', MAC_CHROME, 1, 'NotAllowedError'),
      event('login-failure', MAC_CHROME, 2, 'NotAllowedError'),
    ],
    expected: { decision: 'skip', code: 'never-on-this-device' },
  },
];

describe('decideAppend', () => {
  it.each([...RULES, ...EDGES])('$rule', (row) => {
    const verdict = decideAppend({
      client: row.client,
      context: row.context,
      credentials: row.credentials ?? [],
      history: row.history ?? [],
      policy: row.policy ?? DEFAULT_POLICY,
      now: T0 + (row.now ?? 5) * DAY,
      siteName: 'Shop',
    });
    expect(verdict.decision).toBe(row.expected.decision);
    expect(verdict.reason.code).toBe(row.expected.code);
    expect(() => reasonSchema.parse(verdict.reason)).not.toThrow();
    switch (verdict.decision) {
      case 'offer':
        expect(row.expected.decision === 'offer' ? row.expected.variant : undefined).toBe(verdict.variant);
        break;
      case 'skip':
        if (row.expected.decision === 'skip' && row.expected.says !== undefined)
          expect(verdict.reason.message).toContain(row.expected.says);
        break;
      default: {
        const unreachable: never = verdict;
        throw new Error(`unexpected verdict ${JSON.stringify(unreachable)}`);
      }
    }
  });
});
