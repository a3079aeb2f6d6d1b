import { APPEND_OUTCOMES, type AppendOutcome, type CounterRow, type VariantRow } from '../../../analytics/counterGroups.ts';
import { formatCount } from '../../../format.ts';

const OUTCOME_HEADINGS: Record<AppendOutcome, string> = {
  appendOffered: 'Offered',
  appendCreated: 'Created',
  appendSkipped: 'Not now',
  appendNever: 'Not on this device',
  appendFailed: 'Failed',
};

function Count({ row }: { row: CounterRow }) {
  return (
    <td class="number" data-testid={row.testId}>
      {formatCount(row.count)}
    </td>
  );
}

/** Offers by variant, one column per outcome, with the totals over all variants last. */
export function VariantTable({ variants, totals }: { variants: readonly VariantRow[]; totals: Record<AppendOutcome, CounterRow> }) {
  return (
    <table class="counts wide">
      <caption>Offers by variant and what people answered</caption>
      <thead>
        <tr>
          <th scope="col">Variant</th>
          {APPEND_OUTCOMES.map((outcome) => (
            <th scope="col" class="number" key={outcome}>
              {OUTCOME_HEADINGS[outcome]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {variants.map((variant) => (
          <tr key={variant.variant}>
            <th scope="row">{variant.label}</th>
            {APPEND_OUTCOMES.map((outcome) => (
              <Count key={outcome} row={variant.outcomes[outcome]} />
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All variants</th>
          {APPEND_OUTCOMES.map((outcome) => (
            <Count key={outcome} row={totals[outcome]} />
          ))}
        </tr>
      </tfoot>
    </table>
  );
}
