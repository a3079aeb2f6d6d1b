import { useMemo } from 'preact/hooks';
import type { ConsoleStatsReply } from '@pkc/shared';
import { CHART_SERIES, chartData } from '../../../analytics/chartData.ts';
import { groupCounters, type CounterRow } from '../../../analytics/counterGroups.ts';
import { CountTable, type CountTableRow } from '../../../components/CountTable.tsx';
import { Funnel } from '../../../components/Funnel.tsx';
import { TimeSeriesChart } from '../../../components/TimeSeriesChart.tsx';
import { Headline } from './Headline.tsx';
import { VariantTable } from './VariantTable.tsx';

const CHART_COUNTERS = CHART_SERIES.map((line) => line.counter);

function counterRows(rows: readonly CounterRow[]): CountTableRow[] {
  return rows.map((row) => ({ key: row.counter, label: row.label, count: row.count, testId: row.testId }));
}

function namedRows(prefix: string, rows: ConsoleStatsReply['credentials']['byProvider']): CountTableRow[] {
  return rows.map((row) => ({ key: row.name, label: row.name, count: row.count, testId: `${prefix}-${row.name}` }));
}

/** Everything one stats reply says, section by section. */
export function StatsReport({ stats }: { stats: ConsoleStatsReply }) {
  const groups = useMemo(() => groupCounters(stats.totals), [stats]);
  // One array per reply: the chart is rebuilt only when the numbers change.
  const data = useMemo(() => chartData(stats.days, CHART_COUNTERS), [stats]);
  return (
    <div class="report">
      <Headline totals={stats.totals} rows={groups.headline} usersWithPasskeys={stats.credentials.usersWithPasskeys} />

      <section aria-labelledby="funnel-heading" data-testid="console-funnel">
        <h3 id="funnel-heading">Funnels</h3>
        <div class="funnels">
          <Funnel title="Logins" steps={groups.funnel.logins} />
          <Funnel title="Passkey offers" steps={groups.funnel.offers} />
        </div>
      </section>

      <TimeSeriesChart data={data} series={CHART_SERIES} caption={`Per day, ${stats.from} to ${stats.to} (UTC)`} />

      <section aria-labelledby="logins-heading">
        <h3 id="logins-heading">Logins</h3>
        <div class="tables">
          <CountTable caption="Decisions by kind" rows={counterRows(groups.decisions)} />
          <CountTable caption="Decisions by reason" rows={counterRows(groups.reasons)} />
          <CountTable caption="Passkey failures by error" rows={counterRows(groups.failures)} empty="No passkey failures in this range." />
          <CountTable caption="Other activity" rows={counterRows(groups.activity)} />
        </div>
      </section>

      <section aria-labelledby="offers-heading">
        <h3 id="offers-heading">Passkey offers</h3>
        <VariantTable variants={groups.variants} totals={groups.appendTotals} />
      </section>

      <section aria-labelledby="credentials-heading">
        <h3 id="credentials-heading">Passkeys today</h3>
        <p class="hint">{stats.credentials.passkeys} passkeys in all (not limited to the range).</p>
        <div class="tables">
          <CountTable
            caption="By provider"
            heading="Passkeys"
            rows={namedRows('console-provider', stats.credentials.byProvider)}
            empty="No passkeys yet."
          />
          <CountTable
            caption="By platform created on"
            heading="Passkeys"
            rows={namedRows('console-platform', stats.credentials.byPlatform)}
            empty="No passkeys yet."
          />
        </div>
      </section>

      {groups.other.length > 0 && (
        <section aria-labelledby="other-heading">
          <h3 id="other-heading">Other counters</h3>
          <CountTable caption="Counters without a section of their own" rows={counterRows(groups.other)} />
        </section>
      )}
    </div>
  );
}
