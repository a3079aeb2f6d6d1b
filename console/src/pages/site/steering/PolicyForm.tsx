import { useState } from 'preact/hooks';
import { sitePolicySchema, type ConsoleSiteReply } from '@pkc/shared';
import type { ConsoleApi } from '../../../api/consoleApi.ts';
import { TextField } from '../../../components/Field.tsx';
import { FormStatus } from '../../../components/FormStatus.tsx';
import { PlatformGrid } from '../../../components/PlatformGrid.tsx';
import { POLICY_FIELDS, draftFromPolicy, policyCandidate, type PolicyDraft } from '../../../forms/policyDraft.ts';
import { useSubmission } from '../../../hooks/useSubmission.ts';

interface PolicyFormProps {
  api: ConsoleApi;
  site: ConsoleSiteReply;
  onSaved: (site: ConsoleSiteReply) => void;
}

/** The site's policy, replaced whole on save (PUT …/policy): an empty field goes back to the default. */
export function PolicyForm({ api, site, onSaved }: PolicyFormProps) {
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFromPolicy(site.policy));
  const submission = useSubmission(POLICY_FIELDS);
  const errors = submission.fieldErrors;
  const set =
    <K extends keyof PolicyDraft>(key: K) =>
    (value: PolicyDraft[K]) => {
      setDraft((current) => ({ ...current, [key]: value }));
      submission.edited();
    };

  const save = (event: Event) => {
    event.preventDefault();
    void submission.submit(sitePolicySchema, policyCandidate(draft), async (policy) => {
      const saved = await api.putPolicy(site.siteId, policy);
      setDraft(draftFromPolicy(saved.policy));
      onSaved(saved);
    });
  };

  return (
    <form class="panel" onSubmit={save} noValidate aria-labelledby="policy-heading" data-testid="console-policy-form">
      <h3 id="policy-heading">Passkey Intelligence</h3>
      <div class="field switch">
        <input
          id="field-paused"
          type="checkbox"
          checked={draft.paused}
          data-testid="console-pause"
          onChange={(event) => set('paused')(event.currentTarget.checked)}
        />
        <label for="field-paused">
          <strong>Pause passkeys on this site</strong>: the extension stays out of the way (no passkey logins, no offers) until you turn
          this off.
        </label>
      </div>
      <TextField
        name="failureThreshold"
        label="Failures before the password is suggested"
        hint="Passkey failures on one device, with no success since. Empty: 2."
        inputMode="numeric"
        value={draft.failureThreshold}
        onValue={set('failureThreshold')}
        error={errors['failureThreshold']}
      />
      <fieldset>
        <legend>"Not now" back-off</legend>
        <p class="hint">
          After this many "not now" answers on a device, no offer there for this many days. Both empty: 3 answers, 30 days.
        </p>
        <div class="row">
          <TextField
            name="skipBackoff.skips"
            label="Answers"
            inputMode="numeric"
            value={draft.backoffSkips}
            onValue={set('backoffSkips')}
            error={errors['skipBackoff.skips']}
          />
          <TextField
            name="skipBackoff.days"
            label="Days"
            inputMode="numeric"
            value={draft.backoffDays}
            onValue={set('backoffDays')}
            error={errors['skipBackoff.days']}
          />
        </div>
      </fieldset>
      <TextField
        name="neverOnDeviceDays"
        label={'How many days "not on this device" holds'}
        hint="Empty: for good."
        inputMode="numeric"
        value={draft.neverOnDeviceDays}
        onValue={set('neverOnDeviceDays')}
        error={errors['neverOnDeviceDays']}
      />
      <fieldset>
        <legend>Gradual rollout</legend>
        <TextField
          name="rollout.percent"
          label="Share of devices that get passkeys (%)"
          hint="0–100, the same devices each time. Empty: all devices."
          inputMode="numeric"
          value={draft.rolloutPercent}
          onValue={set('rolloutPercent')}
          error={errors['rollout.percent']}
        />
        <div class="grids">
          <PlatformGrid
            name="rollout.loginPlatforms"
            legend="Platforms that get passkey logins"
            testIdPrefix="console-login-platform"
            value={draft.loginPlatforms}
            onChange={set('loginPlatforms')}
            error={errors['rollout.loginPlatforms']}
          />
          <PlatformGrid
            name="rollout.appendPlatforms"
            legend="Platforms that get passkey offers"
            testIdPrefix="console-append-platform"
            value={draft.appendPlatforms}
            onChange={set('appendPlatforms')}
            error={errors['rollout.appendPlatforms']}
          />
        </div>
      </fieldset>
      <button type="submit" data-testid="console-save-policy" disabled={submission.busy}>
        {submission.busy ? 'Saving…' : 'Save policy'}
      </button>
      <FormStatus state={submission.state} />
    </form>
  );
}
