import { useState } from 'preact/hooks';
import { rotateSecretBodySchema, type ConsoleSiteReply } from '@pkc/shared';
import type { ConsoleApi } from '../../../api/consoleApi.ts';
import { Copyable } from '../../../components/Copyable.tsx';
import { TextField } from '../../../components/Field.tsx';
import { FormStatus } from '../../../components/FormStatus.tsx';
import { numberOrText } from '../../../forms/textInput.ts';
import { formatMoment } from '../../../format.ts';
import { useSubmission } from '../../../hooks/useSubmission.ts';

const FIELDS = ['overlapMinutes'] as const;

/** A new site secret, shown once; with an overlap the old one keeps working a while so backends can roll. */
export function RotateSecretForm({ api, site }: { api: ConsoleApi; site: ConsoleSiteReply }) {
  const [overlap, setOverlap] = useState('');
  const [rotated, setRotated] = useState<{ secret: string; overlapMinutes: number } | undefined>(undefined);
  const submission = useSubmission(FIELDS);

  const rotate = (event: Event) => {
    event.preventDefault();
    setRotated(undefined);
    const overlapMinutes = numberOrText(overlap);
    void submission.submit(rotateSecretBodySchema, overlapMinutes === undefined ? {} : { overlapMinutes }, async (body) => {
      const { secret } = await api.rotateSecret(site.siteId, body);
      setRotated({ secret, overlapMinutes: body.overlapMinutes ?? 0 });
    });
  };

  return (
    <form class="panel" onSubmit={rotate} noValidate aria-labelledby="rotate-heading" data-testid="console-rotate-form">
      <h3 id="rotate-heading">Site secret</h3>
      {site.previousSecretUntil !== undefined && (
        <p class="hint">The previous secret works until {formatMoment(site.previousSecretUntil)}.</p>
      )}
      <TextField
        name="overlapMinutes"
        label="Minutes the old secret keeps working"
        hint="Up to 10080 (a week). Empty or 0: the old secret stops at once."
        inputMode="numeric"
        value={overlap}
        onValue={setOverlap}
        error={submission.fieldErrors['overlapMinutes']}
      />
      <button type="submit" class="danger" data-testid="console-rotate-secret" disabled={submission.busy}>
        {submission.busy ? 'Rotating…' : 'Rotate the secret'}
      </button>
      {submission.state.status === 'saved' && rotated !== undefined ? (
        <div role="status">
          <p class="warning">The new secret. Copy it now; it won't be shown again.</p>
          <Copyable value={rotated.secret} testId="console-new-secret" label="the new secret" />
          <p class="hint">
            {rotated.overlapMinutes === 0
              ? 'The old secret no longer works.'
              : `The old secret works ${rotated.overlapMinutes} more minutes.`}
          </p>
        </div>
      ) : (
        <FormStatus state={submission.state} />
      )}
    </form>
  );
}
