import type { ComponentChildren } from 'preact';
import { formatCount } from '../format.ts';

export interface CountTableRow {
  key: string;
  label: ComponentChildren;
  count: number;
  testId: string | undefined;
}

/** A two-column table (what, how many) with a caption; `empty` when there are no rows. */
export function CountTable({
  caption,
  rows,
  heading = 'Count',
  empty = 'None in this range.',
}: {
  caption: string;
  rows: readonly CountTableRow[];
  heading?: string;
  empty?: string;
}) {
  return (
    <table class="counts">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col" class="number">
            {heading}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={2} class="hint">
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td class="number" data-testid={row.testId}>
                {formatCount(row.count)}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
