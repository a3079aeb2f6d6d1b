import { describe, expect, it } from 'vitest';
import type { CredentialRecord, EventRecord } from '../store/records.ts';
import { clientSignals } from '../testing/testServer.ts';
import { decideAppendMinimal, decideLoginMinimal } from './minimalDecision.ts';

const NOW = Date.parse('2026-01-31T00:00:00Z');
const here = clientSignals('device-here-aaaaaaaaaa');

function credential(devicePseudonym: string): CredentialRecord {
  const seen = { devicePseudonym, os: 'linux' as const, browser: 'chromium', mobile: false };
  return {
    id: 'cred', siteId: 'site_abcdefgh12', userId: 'u', publicKey: 'pk', counter: 0, transports: [], aaguid: '',
    backupEligible: true, backedUp: true, deviceType: 'multiDevice', createdAt: new Date(0).toISOString(),
    createdOn: seen, lastUsedAt: null, lastUsedOn: null,
  };
}
const event = (type: EventRecord['type'], daysAgo: number, devicePseudonym = here.devicePseudonym): EventRecord => ({
  siteId: 'site_abcdefgh12', userId: 'u', type, devicePseudonym, at: new Date(NOW - daysAgo * 86_400_000).toISOString(),
});

describe('decideLoginMinimal', () => {
  it('passkey with a credential, password without', () => {
    expect(decideLoginMinimal({ credentials: [credential('x')] }).decision).toBe('passkey');
    expect(decideLoginMinimal({ credentials: [] })).toMatchObject({ decision: 'password', reason: { code: 'no-usable-credential' } });
  });
});

describe('decideAppendMinimal', () => {
  const decide = (credentials: CredentialRecord[], events: EventRecord[]) =>
    decideAppendMinimal({ credentials, events, client: here, now: NOW });

  it.each([
    ['first passkey', [], [], { decision: 'offer', variant: 'first-passkey' }],
    ['second device', [credential('elsewhere')], [], { decision: 'offer', variant: 'second-device' }],
    ['passkey created here', [credential(here.devicePseudonym)], [], { decision: 'skip', reason: { code: 'passkey-exists-here' } }],
    ['never here', [], [event('append-never', 100)], { decision: 'skip', reason: { code: 'never-on-this-device' } }],
    ['never elsewhere only', [], [event('append-never', 1, 'other-device-aaaaaaa')], { decision: 'offer' }],
    ['three recent skips', [], [event('append-skip', 1), event('append-skip', 2), event('append-skip', 29)], { decision: 'skip', reason: { code: 'backed-off' } }],
    ['skips outside 30 days', [], [event('append-skip', 1), event('append-skip', 2), event('append-skip', 31)], { decision: 'offer' }],
  ] as const)('%s', (_name, credentials, events, expected) => {
    expect(decide([...credentials], [...events])).toMatchObject(expected);
  });
});
