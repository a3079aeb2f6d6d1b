import { describe, expect, it } from 'vitest';
import { sitePolicySchema, type SitePolicyInput } from '@pkc/shared';
import { draftFromPolicy, policyCandidate, type PolicyDraft } from './policyDraft.ts';
import { togglePlatform } from './platforms.ts';

const EMPTY: PolicyDraft = draftFromPolicy({});

describe('policy drafts', () => {
  it('turns the default policy into empty fields and back into {}', () => {
    expect(EMPTY).toEqual({
      failureThreshold: '',
      backoffSkips: '',
      backoffDays: '',
      neverOnDeviceDays: '',
      paused: false,
      rolloutPercent: '',
      loginPlatforms: [],
      appendPlatforms: [],
    });
    expect(policyCandidate(EMPTY)).toEqual({});
  });

  it('round-trips a full policy through the form unchanged', () => {
    const policy: SitePolicyInput = {
      failureThreshold: 3,
      skipBackoff: { skips: 2, days: 14 },
      neverOnDeviceDays: 90,
      paused: true,
      rollout: {
        percent: 20,
        loginPlatforms: [{ os: 'macos', mobile: false }],
        appendPlatforms: [
          { os: 'windows', mobile: false },
          { os: 'ios', mobile: true },
        ],
      },
    };
    expect(sitePolicySchema.parse(policyCandidate(draftFromPolicy(policy)))).toEqual(policy);
  });

  it('keeps a half-filled back-off so the schema names the missing number', () => {
    const candidate = policyCandidate({ ...EMPTY, backoffSkips: '3' });
    const result = sitePolicySchema.safeParse(candidate);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['skipBackoff.days']);
  });

  it('sends a rollout only for what was set, and mistyped numbers as text', () => {
    expect(policyCandidate({ ...EMPTY, rolloutPercent: '0' })).toEqual({ rollout: { percent: 0 } });
    expect(policyCandidate({ ...EMPTY, failureThreshold: 'x' })).toEqual({ failureThreshold: 'x' });
  });

  it('keeps ticked platforms once each, in one order', () => {
    let ticked = togglePlatform([], { os: 'ios', mobile: true }, true);
    ticked = togglePlatform(ticked, { os: 'windows', mobile: false }, true);
    ticked = togglePlatform(ticked, { os: 'windows', mobile: false }, true);
    expect(ticked).toEqual([
      { os: 'windows', mobile: false },
      { os: 'ios', mobile: true },
    ]);
    expect(togglePlatform(ticked, { os: 'ios', mobile: true }, false)).toEqual([{ os: 'windows', mobile: false }]);
  });
});
