import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../intelligence/index.ts';
import { sitePolicy } from './decisionInput.ts';

describe('sitePolicy: a site tunes Passkey Intelligence over the defaults', () => {
  it('is the default for a site that set nothing', () => {
    expect(sitePolicy({})).toEqual(DEFAULT_POLICY);
  });

  it('takes each field the site set and keeps the default for the rest', () => {
    expect(sitePolicy({ policy: { failureThreshold: 1 } })).toEqual({ ...DEFAULT_POLICY, failureThreshold: 1 });
    expect(sitePolicy({ policy: { skipBackoff: { skips: 1, days: 7 }, neverOnDeviceDays: 90 } })).toEqual({
      failureThreshold: DEFAULT_POLICY.failureThreshold,
      skipBackoff: { skips: 1, days: 7 },
      neverOnDevice: { days: 90 },
    });
  });
});
