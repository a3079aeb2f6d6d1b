import { useState } from 'preact/hooks';
import type { SiteStatsQuery } from '@pkc/shared';
import { RANGE_PRESETS, checkRange, rangeEndingOn } from '../analytics/dateRange.ts';
import type { FieldErrors } from '../forms/fieldErrors.ts';
import { FieldError } from './Field.tsx';

interface DateRangeProps {
  /** The range the page shows now. */
  value: SiteStatsQuery;
  /** Today, UTC: where the presets end. */
  today: string;
  onApply: (range: SiteStatsQuery) => void;
}

/** From/to days with a check before anything is asked of the server, and one-click presets. */
export function DateRange({ value, today, onApply }: DateRangeProps) {
  const [draft, setDraft] = useState<{ from: string; to: string }>(value);
  const [errors, setErrors] = useState<FieldErrors>({});

  const apply = (event: Event) => {
    event.preventDefault();
    const checked = checkRange(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    onApply(checked.range);
  };
  const choosePreset = (days: number) => {
    const range = rangeEndingOn(today, days);
    setDraft(range);
    setErrors({});
    onApply(range);
  };
  // Date inputs report a picked day with `change` in some browsers and `input` in others.
  const onDay = (field: 'from' | 'to') => (event: { currentTarget: HTMLInputElement }) =>
    setDraft((current) => ({ ...current, [field]: event.currentTarget.value }));

  return (
    <form class="date-range" onSubmit={apply} noValidate aria-label="Date range">
      {(['from', 'to'] as const).map((field) => (
        <div class={errors[field] === undefined ? 'field' : 'field invalid'} key={field}>
          <label for={`range-${field}`}>{field === 'from' ? 'From (UTC day)' : 'To (UTC day)'}</label>
          <input
            id={`range-${field}`}
            type="date"
            value={draft[field]}
            aria-invalid={errors[field] !== undefined}
            aria-describedby={errors[field] === undefined ? undefined : `field-${field}-error`}
            data-testid={`console-range-${field}`}
            onInput={onDay(field)}
            onChange={onDay(field)}
          />
          <FieldError name={field} error={errors[field]} />
        </div>
      ))}
      <button type="submit" data-testid="console-range-apply">
        Apply
      </button>
      <fieldset class="presets">
        <legend class="visually-hidden">Presets</legend>
        {RANGE_PRESETS.map((days) => (
          <button
            type="button"
            class="secondary"
            key={days}
            data-testid={`console-range-preset-${days}`}
            onClick={() => choosePreset(days)}
          >
            Last {days} days
          </button>
        ))}
      </fieldset>
    </form>
  );
}
