import type { CounterRow } from '../../../analytics/counterGroups.ts';
import { passkeyShare } from '../../../analytics/passkeyShare.ts';
import { formatCount, formatShare } from '../../../format.ts';

interface HeadlineProps {
  totals: Readonly<Record<string, number>>;
  rows: readonly CounterRow[];
  usersWithPasskeys: number;
}

/** The numbers an owner looks at first, as cards. */
export function Headline({ totals, rows, usersWithPasskeys }: HeadlineProps) {
  return (
    <section aria-labelledby="headline-heading">
      <h3 id="headline-heading" class="visually-hidden">
        Headline numbers
      </h3>
      <dl class="cards">
        {rows.map((row) => (
          <div class="card" key={row.counter}>
            <dt>{row.label}</dt>
            <dd data-testid={row.testId}>{formatCount(row.count)}</dd>
          </div>
        ))}
        <div class="card">
          <dt>Users with at least one passkey (today)</dt>
          <dd data-testid="console-count-usersWithPasskeys">{formatCount(usersWithPasskeys)}</dd>
        </div>
        <div class="card">
          <dt>Passkey share of successful logins</dt>
          <dd data-testid="console-passkey-share">{formatShare(passkeyShare(totals))}</dd>
        </div>
      </dl>
    </section>
  );
}
