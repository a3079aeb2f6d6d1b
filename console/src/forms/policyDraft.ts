import type { Platform, SitePolicyInput } from '@pkc/shared';
import { numberOrText } from './textInput.ts';
import { sortPlatforms } from './platforms.ts';

/*
 * The steering form's fields as typed, and the policy they stand for. An empty field means
 * "the server's default" (absent from the policy), so the whole policy can be replaced with
 * what the form shows without pinning defaults by accident.
 */

export interface PolicyDraft {
  failureThreshold: string;
  backoffSkips: string;
  backoffDays: string;
  /** Empty: "not on this device" holds for good. */
  neverOnDeviceDays: string;
  paused: boolean;
  /** Empty: every device. */
  rolloutPercent: string;
  /** None ticked: every platform. */
  loginPlatforms: readonly Platform[];
  appendPlatforms: readonly Platform[];
}

/** The policy's paths the form has a field for; an error on one of them shows next to it. */
export const POLICY_FIELDS = [
  'failureThreshold',
  'skipBackoff.skips',
  'skipBackoff.days',
  'neverOnDeviceDays',
  'paused',
  'rollout.percent',
  'rollout.loginPlatforms',
  'rollout.appendPlatforms',
] as const;

export function draftFromPolicy(policy: SitePolicyInput): PolicyDraft {
  const text = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    failureThreshold: text(policy.failureThreshold),
    backoffSkips: text(policy.skipBackoff?.skips),
    backoffDays: text(policy.skipBackoff?.days),
    neverOnDeviceDays: text(policy.neverOnDeviceDays),
    paused: policy.paused === true,
    rolloutPercent: text(policy.rollout?.percent),
    loginPlatforms: sortPlatforms(policy.rollout?.loginPlatforms ?? []),
    appendPlatforms: sortPlatforms(policy.rollout?.appendPlatforms ?? []),
  };
}

/**
 * What the draft asks for, not yet checked: sitePolicySchema judges it. A back-off with one of
 * its two numbers missing is kept, so the schema names the missing one.
 */
export function policyCandidate(draft: PolicyDraft): Record<string, unknown> {
  const candidate: Record<string, unknown> = {};
  const failureThreshold = numberOrText(draft.failureThreshold);
  if (failureThreshold !== undefined) candidate['failureThreshold'] = failureThreshold;

  const skips = numberOrText(draft.backoffSkips);
  const days = numberOrText(draft.backoffDays);
  if (skips !== undefined || days !== undefined) candidate['skipBackoff'] = { skips, days };

  const neverOnDeviceDays = numberOrText(draft.neverOnDeviceDays);
  if (neverOnDeviceDays !== undefined) candidate['neverOnDeviceDays'] = neverOnDeviceDays;
  // Not paused is the default: only the switch turned on is stored.
  if (draft.paused) candidate['paused'] = true;

  const rollout: Record<string, unknown> = {};
  const percent = numberOrText(draft.rolloutPercent);
  if (percent !== undefined) rollout['percent'] = percent;
  if (draft.loginPlatforms.length > 0) rollout['loginPlatforms'] = sortPlatforms(draft.loginPlatforms);
  if (draft.appendPlatforms.length > 0) rollout['appendPlatforms'] = sortPlatforms(draft.appendPlatforms);
  if (Object.keys(rollout).length > 0) candidate['rollout'] = rollout;
  return candidate;
}
