import { describe, expect, it } from 'vitest';
import { reasonSchema, type AppendVariant, type ClientSignals, type LoginDecision, type ReasonCode } from '@pkc/shared';
import { decideLogin } from './decideLogin.ts';
import { FAILURE_MEMORY_DAYS } from './history.ts';
import {
  AAGUID,
  ANDROID_CHROME,
  credential,
  event,
  IPHONE_SAFARI,
  LINUX_CHROME,
  LINUX_FIREFOX,
  MAC_CHROME,
  OTHER_MAC,
  OTHER_WINDOWS_PC,
  T0,
  DAY,
  USERS_ANDROID,
  USERS_IPHONE,
  device,
  WINDOWS_CHROME,
  WINDOWS_EDGE_NO_BLUETOOTH,
} from './testFixtures.ts';
import { DEFAULT_POLICY, type CredentialFacts, type HistoryEvent, type SitePolicy } from './types.ts';

interface Row {
  rule: string;
  client: ClientSignals;
  credentials: CredentialFacts[];
  history?: HistoryEvent[];
  policy?: SitePolicy;
  expected: { decision: LoginDecision; code: ReasonCode; allow?: string[]; laterAppend?: AppendVariant; says?: string };
}

const icloudOnIphone = credential('icloud-iphone', AAGUID.icloud, USERS_IPHONE);
const gpmOnAndroid = credential('gpm-android', AAGUID.googlePasswordManager, USERS_ANDROID);
const helloHere = credential('hello-here', AAGUID.windowsHello, device(WINDOWS_CHROME));
const helloElsewhere = credential('hello-office', AAGUID.windowsHello, OTHER_WINDOWS_PC);

// The list of issue 3, one row per rule; edge rows follow.
const RULES: Row[] = [
  {
    rule: 'no credentials → password, later append first-passkey',
    client: MAC_CHROME,
    credentials: [],
    expected: { decision: 'password', code: 'no-passkey-yet', laterAppend: 'first-passkey' },
  },
  {
    rule: 'a credential created on this device → passkey',
    client: WINDOWS_CHROME,
    credentials: [helloHere],
    expected: {
      decision: 'passkey',
      code: 'credential-usable-here',
      allow: ['hello-here'],
      says: 'Windows Hello on this Windows computer',
    },
  },
  {
    rule: 'a credential used on this device → passkey',
    client: WINDOWS_CHROME,
    credentials: [credential('1p', AAGUID.onePassword, OTHER_MAC, { lastUsedOn: device(WINDOWS_CHROME) })],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['1p'], says: '1Password' },
  },
  {
    rule: 'a synced credential whose provider exists on this platform → passkey (iCloud Keychain on a Mac)',
    client: MAC_CHROME,
    credentials: [icloudOnIphone],
    expected: {
      decision: 'passkey',
      code: 'credential-usable-here',
      allow: ['icloud-iphone'],
      says: 'iCloud Keychain, which is available on this Mac',
    },
  },
  {
    rule: 'a synced credential whose provider exists on this platform → passkey (Google Password Manager in Chrome on Windows)',
    client: WINDOWS_CHROME,
    credentials: [gpmOnAndroid],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['gpm-android'] },
  },
  {
    rule: 'credentials only on phones, this desktop can do hybrid → hybrid, only the hybrid-capable ones',
    client: WINDOWS_CHROME,
    credentials: [
      icloudOnIphone,
      credential('phone-no-hybrid', AAGUID.zero, USERS_ANDROID, { transports: ['internal'], backupEligible: true }),
    ],
    expected: {
      decision: 'hybrid',
      code: 'credentials-on-phone',
      allow: ['icloud-iphone'],
      says: 'Your passkey for Shop is in iCloud Keychain on your iPhone — scan the QR code with your phone to sign in.',
    },
  },
  {
    rule: 'only device-bound credentials of other devices (Windows Hello elsewhere) → password, later second-device',
    client: MAC_CHROME,
    credentials: [helloElsewhere],
    expected: {
      decision: 'password',
      code: 'device-bound-elsewhere',
      laterAppend: 'second-device',
      says: 'Windows Hello on your Windows computer',
    },
  },
  {
    rule: 'repeated passkey failures on this device with no success since (≥ 2) → password, later heal',
    client: WINDOWS_CHROME,
    credentials: [helloHere],
    history: [
      event('login-success', WINDOWS_CHROME, 0),
      event('login-failure', WINDOWS_CHROME, 1, 'NotAllowedError'),
      event('login-failure', WINDOWS_CHROME, 1, 'NotAllowedError'),
    ],
    expected: { decision: 'password', code: 'repeated-failures', laterAppend: 'heal', says: 'failed 2 times' },
  },
];

/** The same client, in a browser that can check for a passkey at once with no UI (Chromium's immediate mode). */
const immediate = (client: ClientSignals): ClientSignals => ({ ...client, capabilities: { ...client.capabilities, immediateGet: true } });
const onePasswordOnOtherMac = credential('1p-other-mac', AAGUID.onePassword, OTHER_MAC);
const icloudOnOtherMac = credential('icloud-other-mac', AAGUID.icloud, OTHER_MAC);

// Issue 14, immediate mode: unsure → ask the browser at once; what it found is remembered per device.
const IMMEDIATE: Row[] = [
  {
    rule: 'a password-manager passkey not seen here, the browser can check at once → passkey, immediate',
    client: immediate(WINDOWS_CHROME),
    credentials: [onePasswordOnOtherMac],
    expected: { decision: 'passkey', code: 'checking-this-device', allow: ['1p-other-mac'], says: 'Checking whether your passkey' },
  },
  {
    rule: 'a synced passkey whose provider is not known here (iCloud on Windows), the browser can check → passkey, immediate',
    client: immediate(WINDOWS_CHROME),
    credentials: [icloudOnOtherMac, helloElsewhere],
    expected: { decision: 'passkey', code: 'checking-this-device', allow: ['icloud-other-mac'] },
  },
  {
    rule: 'the check found none here → the rules below decide (a password-manager try is not made either)',
    client: immediate(WINDOWS_CHROME),
    credentials: [onePasswordOnOtherMac],
    history: [event('login-failure', WINDOWS_CHROME, 5, 'ImmediateNone')],
    expected: { decision: 'password', code: 'not-on-this-device', laterAppend: 'second-device', says: 'when the browser checked' },
  },
  {
    rule: 'found none here, and a phone reachable over hybrid → hybrid',
    client: immediate(WINDOWS_CHROME),
    credentials: [icloudOnIphone],
    history: [event('login-failure', WINDOWS_CHROME, 5, 'ImmediateNone')],
    expected: { decision: 'hybrid', code: 'credentials-on-phone', allow: ['icloud-iphone'] },
  },
  {
    rule: '"none here" is no failure: three of them never push toward heal',
    client: WINDOWS_CHROME,
    credentials: [helloHere],
    history: [1, 2, 3].map((day) => event('login-failure', WINDOWS_CHROME, day, 'ImmediateNone')),
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['hello-here'] },
  },
  {
    rule: 'found none, then a new passkey on this device: a fresh start, the check may run again',
    client: immediate(WINDOWS_CHROME),
    credentials: [onePasswordOnOtherMac],
    history: [event('login-failure', WINDOWS_CHROME, 5, 'ImmediateNone'), event('append-create', WINDOWS_CHROME, 6)],
    expected: { decision: 'passkey', code: 'checking-this-device', allow: ['1p-other-mac'] },
  },
  {
    rule: 'only device-bound passkeys of other devices → password, even where the browser can check',
    client: immediate(WINDOWS_CHROME),
    credentials: [helloElsewhere],
    expected: { decision: 'password', code: 'device-bound-elsewhere', laterAppend: 'second-device' },
  },
  {
    rule: 'a passkey known to be here → an ordinary passkey prompt, no check first',
    client: immediate(WINDOWS_CHROME),
    credentials: [helloHere, onePasswordOnOtherMac],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['hello-here'] },
  },
];

const gpmUsedHere = credential('gpm-used-here', AAGUID.googlePasswordManager, USERS_ANDROID, { lastUsedOn: device(LINUX_CHROME) });

// Immediate mode, for synced passkeys taken to be here only because their provider runs on this platform.
const ASSUMED_HERE: Row[] = [
  {
    rule: 'a Google Password Manager passkey from the phone, never used on this desktop Chrome, the browser can check → check first',
    client: immediate(LINUX_CHROME),
    credentials: [gpmOnAndroid],
    expected: { decision: 'passkey', code: 'checking-this-device', allow: ['gpm-android'] },
  },
  {
    rule: 'the same, once a check found none here (Chrome not signed in to Google) → hybrid to the phone that made it',
    client: immediate(LINUX_CHROME),
    credentials: [gpmOnAndroid],
    history: [event('login-failure', LINUX_CHROME, 5, 'ImmediateNone')],
    expected: { decision: 'hybrid', code: 'credentials-on-phone', allow: ['gpm-android'] },
  },
  {
    rule: 'the same without a way to check → the ordinary prompt, as before',
    client: LINUX_CHROME,
    credentials: [gpmOnAndroid],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['gpm-android'] },
  },
  {
    rule: 'used on this device before → the ordinary prompt, no check, even where the browser can',
    client: immediate(LINUX_CHROME),
    credentials: [gpmUsedHere],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['gpm-used-here'] },
  },
];

const EDGES: Row[] = [
  {
    rule: 'one failure is not yet repeated → passkey',
    client: WINDOWS_CHROME,
    credentials: [helloHere],
    history: [event('login-failure', WINDOWS_CHROME, 1, 'NotAllowedError')],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['hello-here'] },
  },
  {
    rule: 'a success resets earlier failures → passkey',
    client: WINDOWS_CHROME,
    credentials: [helloHere],
    history: [
      event('login-failure', WINDOWS_CHROME, 1, 'NotAllowedError'),
      event('login-failure', WINDOWS_CHROME, 2, 'NotAllowedError'),
      event('login-success', WINDOWS_CHROME, 3),
    ],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['hello-here'] },
  },
  {
    rule: 'history order does not matter: failures after the success still count → password, heal',
    client: WINDOWS_CHROME,
    credentials: [helloHere],
    history: [
      event('login-failure', WINDOWS_CHROME, 5, 'NotAllowedError'),
      event('login-success', WINDOWS_CHROME, 3),
      event('login-failure', WINDOWS_CHROME, 4, 'InvalidStateError'),
    ],
    expected: { decision: 'password', code: 'repeated-failures', laterAppend: 'heal' },
  },
  {
    rule: `failures older than ${FAILURE_MEMORY_DAYS} days no longer count → passkey again (issue 18: the cause is often gone)`,
    client: WINDOWS_CHROME,
    credentials: [helloHere],
    history: [
      event('login-failure', WINDOWS_CHROME, 10 - FAILURE_MEMORY_DAYS - 2, 'NotAllowedError'),
      event('login-failure', WINDOWS_CHROME, 10 - FAILURE_MEMORY_DAYS - 1, 'NotAllowedError'),
    ],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['hello-here'] },
  },
  {
    rule: `an old failure and a recent one are not repeated failures within ${FAILURE_MEMORY_DAYS} days → passkey`,
    client: WINDOWS_CHROME,
    credentials: [helloHere],
    history: [
      event('login-failure', WINDOWS_CHROME, 10 - FAILURE_MEMORY_DAYS - 1, 'NotAllowedError'),
      event('login-failure', WINDOWS_CHROME, 9, 'NotAllowedError'),
    ],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['hello-here'] },
  },
  {
    rule: `two failures on the edge of ${FAILURE_MEMORY_DAYS} days still count → password, heal`,
    client: WINDOWS_CHROME,
    credentials: [helloHere],
    history: [
      event('login-failure', WINDOWS_CHROME, 10 - FAILURE_MEMORY_DAYS, 'NotAllowedError'),
      event('login-failure', WINDOWS_CHROME, 9, 'NotAllowedError'),
    ],
    expected: { decision: 'password', code: 'repeated-failures', laterAppend: 'heal' },
  },
  {
    rule: 'a new passkey created here resets failures → passkey',
    client: MAC_CHROME,
    credentials: [icloudOnIphone],
    history: [
      event('login-failure', MAC_CHROME, 1, 'NotAllowedError'),
      event('login-failure', MAC_CHROME, 1, 'NotAllowedError'),
      event('append-create', MAC_CHROME, 1),
    ],
    expected: { decision: 'passkey', code: 'credential-usable-here' },
  },
  {
    rule: 'failures on another device do not count here → passkey',
    client: MAC_CHROME,
    credentials: [icloudOnIphone],
    history: [event('login-failure', IPHONE_SAFARI, 1, 'NotAllowedError'), event('login-failure', IPHONE_SAFARI, 2, 'NotAllowedError')],
    expected: { decision: 'passkey', code: 'credential-usable-here' },
  },
  {
    rule: 'the page aborting its own ceremony (AbortError) is not a passkey failure → passkey',
    client: MAC_CHROME,
    credentials: [icloudOnIphone],
    history: [event('login-failure', MAC_CHROME, 1, 'AbortError'), event('login-failure', MAC_CHROME, 2, 'AbortError')],
    expected: { decision: 'passkey', code: 'credential-usable-here' },
  },
  {
    rule: 'site policy failureThreshold 3: two failures still → passkey',
    client: MAC_CHROME,
    credentials: [icloudOnIphone],
    policy: { ...DEFAULT_POLICY, failureThreshold: 3 },
    history: [event('login-failure', MAC_CHROME, 1, 'NotAllowedError'), event('login-failure', MAC_CHROME, 2, 'NotAllowedError')],
    expected: { decision: 'passkey', code: 'credential-usable-here' },
  },
  {
    rule: 'mobile devices never get hybrid (Android phone, passkey on the iPhone) → password, second-device',
    client: ANDROID_CHROME,
    credentials: [icloudOnIphone],
    expected: { decision: 'password', code: 'no-usable-credential', laterAppend: 'second-device', says: 'one phone' },
  },
  {
    rule: 'a desktop without Bluetooth (no hybridTransport) → password, second-device',
    client: WINDOWS_EDGE_NO_BLUETOOTH,
    credentials: [icloudOnIphone],
    expected: { decision: 'password', code: 'no-usable-credential', laterAppend: 'second-device', says: "can't reach your phone" },
  },
  {
    rule: 'a hybrid use recorded as "last used here" does not make a phone credential local → hybrid again',
    client: WINDOWS_CHROME,
    credentials: [
      credential('virtual-phone', AAGUID.zero, USERS_ANDROID, { transports: ['ble', 'hybrid'], lastUsedOn: device(WINDOWS_CHROME) }),
    ],
    expected: { decision: 'hybrid', code: 'credentials-on-phone', allow: ['virtual-phone'], says: 'on your Android phone' },
  },
  {
    rule: "iCloud Keychain made on a Mac, user on Windows, no phone seen → password, provider isn't here",
    client: WINDOWS_CHROME,
    credentials: [credential('icloud-mac', AAGUID.icloud, OTHER_MAC)],
    expected: {
      decision: 'password',
      code: 'no-usable-credential',
      laterAppend: 'second-device',
      says: "iCloud Keychain isn't available on this Windows computer",
    },
  },
  {
    rule: 'a password manager seen only on another device, never tried here → passkey, one try (issue 18)',
    client: WINDOWS_CHROME,
    credentials: [credential('1p-mac', AAGUID.onePassword, OTHER_MAC)],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['1p-mac'], says: 'If 1Password is on this Windows computer' },
  },
  {
    rule: 'a password manager seen only on another device, its try here failed → password (not installed here)',
    client: WINDOWS_CHROME,
    credentials: [credential('1p-mac', AAGUID.onePassword, OTHER_MAC)],
    history: [event('login-failure', WINDOWS_CHROME, 1, 'NotAllowedError')],
    expected: { decision: 'password', code: 'no-usable-credential', laterAppend: 'second-device', says: "1Password hasn't been used" },
  },
  {
    rule: 'a phone reachable over hybrid goes before a password-manager try → hybrid',
    client: WINDOWS_CHROME,
    credentials: [credential('1p-mac', AAGUID.onePassword, OTHER_MAC), icloudOnIphone],
    expected: { decision: 'hybrid', code: 'credentials-on-phone', allow: ['icloud-iphone'] },
  },
  {
    rule: 'Chrome on Mac keys stay in one profile: another Mac → password, device-bound-elsewhere',
    client: MAC_CHROME,
    credentials: [credential('chrome-mac', AAGUID.chromeOnMac, OTHER_MAC)],
    expected: { decision: 'password', code: 'device-bound-elsewhere', laterAppend: 'second-device' },
  },
  {
    rule: 'unknown provider, device-bound, created on another desktop → password, device-bound-elsewhere',
    client: MAC_CHROME,
    credentials: [credential('virtual-win', AAGUID.zero, OTHER_WINDOWS_PC)],
    expected: { decision: 'password', code: 'device-bound-elsewhere', laterAppend: 'second-device', says: 'tied to that device' },
  },
  {
    rule: 'unknown provider created on this device → passkey',
    client: LINUX_CHROME,
    credentials: [credential('virtual-here', AAGUID.zero, device(LINUX_CHROME))],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['virtual-here'] },
  },
  {
    rule: 'device-bound elsewhere mixed with a synced provider not here → password, no-usable-credential',
    client: LINUX_FIREFOX,
    credentials: [helloElsewhere, credential('icloud-mac', AAGUID.icloud, OTHER_MAC)],
    expected: { decision: 'password', code: 'no-usable-credential', laterAppend: 'second-device' },
  },
  {
    rule: 'a security key travels with the user → passkey anywhere',
    client: LINUX_FIREFOX,
    credentials: [credential('yubikey', AAGUID.yubikey, OTHER_WINDOWS_PC, { transports: ['usb', 'nfc'] })],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['yubikey'], says: 'security key' },
  },
  {
    rule: 'passkey allowCredentials lists only the credentials usable here',
    client: WINDOWS_CHROME,
    credentials: [helloElsewhere, helloHere, icloudOnIphone],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['hello-here'] },
  },
  {
    rule: 'AAGUIDs match whatever their case',
    client: MAC_CHROME,
    credentials: [credential('icloud-upper', AAGUID.icloud.toUpperCase(), USERS_IPHONE, { backupEligible: true })],
    expected: { decision: 'passkey', code: 'credential-usable-here', allow: ['icloud-upper'] },
  },
];

describe('decideLogin', () => {
  it.each([...RULES, ...EDGES, ...IMMEDIATE, ...ASSUMED_HERE])('$rule', (row) => {
    const verdict = decideLogin({
      client: row.client,
      credentials: row.credentials,
      history: row.history ?? [],
      policy: row.policy ?? DEFAULT_POLICY,
      now: T0 + 10 * DAY,
      siteName: 'Shop',
    });
    expect(verdict.decision).toBe(row.expected.decision);
    expect(verdict.reason.code).toBe(row.expected.code);
    if (row.expected.says !== undefined) expect(verdict.reason.message).toContain(row.expected.says);
    switch (verdict.decision) {
      case 'passkey':
      case 'hybrid':
        expect(verdict.allowCredentialIds).toEqual(row.expected.allow ?? expect.any(Array));
        expect(verdict.decision === 'passkey' && verdict.immediate === true).toBe(row.expected.code === 'checking-this-device');
        expect(verdict.allowCredentialIds.length).toBeGreaterThan(0);
        break;
      case 'password':
        expect(verdict.laterAppend).toBe(row.expected.laterAppend);
        break;
      default: {
        const unreachable: never = verdict;
        throw new Error(`unexpected verdict ${JSON.stringify(unreachable)}`);
      }
    }
  });

  it('gives an unknown user and a user without passkeys the same verdict, whatever their history (no enumeration oracle)', () => {
    const clients = [MAC_CHROME, WINDOWS_CHROME, WINDOWS_EDGE_NO_BLUETOOTH, LINUX_FIREFOX, ANDROID_CHROME, IPHONE_SAFARI];
    const knownUsersHistory = [
      event('append-offer', MAC_CHROME, 1),
      event('append-skip', MAC_CHROME, 1),
      event('append-never', WINDOWS_CHROME, 2),
      event('login-failure', ANDROID_CHROME, 3, 'NotAllowedError'),
      event('login-failure', ANDROID_CHROME, 3, 'NotAllowedError'),
    ];
    for (const client of clients) {
      const base = { client, credentials: [], policy: DEFAULT_POLICY, now: T0 + 5 * DAY, siteName: 'Shop' };
      const unknown = decideLogin({ ...base, history: [] });
      const withoutPasskeys = decideLogin({ ...base, history: knownUsersHistory });
      expect(JSON.stringify(withoutPasskeys)).toBe(JSON.stringify(unknown));
    }
  });

  it('writes sentences that fit the reply schema even for a long site name', () => {
    const siteName = 'S'.repeat(100);
    for (const row of [...RULES, ...EDGES]) {
      const verdict = decideLogin({
        client: row.client,
        credentials: row.credentials,
        history: row.history ?? [],
        policy: row.policy ?? DEFAULT_POLICY,
        now: T0,
        siteName,
      });
      expect(() => reasonSchema.parse(verdict.reason)).not.toThrow();
    }
  });

  it('says "this site" when no site name is given', () => {
    const verdict = decideLogin({ client: MAC_CHROME, credentials: [], history: [], policy: DEFAULT_POLICY, now: T0 });
    expect(verdict.reason.message).toContain('for this site');
  });
});
