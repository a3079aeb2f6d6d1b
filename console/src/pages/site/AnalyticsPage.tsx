import { useState } from 'preact/hooks';
import type { ConsoleSiteReply, SiteStatsQuery } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { statsCsvHref } from '../../api/paths.ts';
import { DEFAULT_RANGE_DAYS, rangeEndingOn, utcDay } from '../../analytics/dateRange.ts';
import { DateRange } from '../../components/DateRange.tsx';
import { LoadFailed, Loading } from '../../components/LoadFailed.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { usePageTitle } from '../../hooks/usePageTitle.ts';
import { StatsReport } from './analytics/StatsReport.tsx';

/** How passkeys did on the site over a range of days: headline numbers, funnels, a chart and the detail tables. */
export function AnalyticsPage({ api, site }: { api: ConsoleApi; site: ConsoleSiteReply }) {
  usePageTitle(`${site.name} · Analytics`);
  const [today] = useState(() => utcDay(new Date()));
  const [range, setRange] = useState<SiteStatsQuery>(() => rangeEndingOn(today, DEFAULT_RANGE_DAYS));
  const [stats, reload] = useLoad(() => api.siteStats(site.siteId, range), [site.siteId, range.from, range.to]);

  return (
    <section aria-labelledby="analytics-heading">
      <h2 id="analytics-heading">Analytics</h2>
      <div class="toolbar">
        <DateRange value={range} today={today} onApply={setRange} />
        <a class="button secondary" href={statsCsvHref(site.siteId, range)} download data-testid="console-csv">
          Download CSV
        </a>
      </div>
      {stats.status === 'loading' && <Loading what="the numbers" />}
      {stats.status === 'failed' && <LoadFailed error={stats.error} retry={reload} />}
      {stats.status === 'ready' && <StatsReport stats={stats.value} />}
    </section>
  );
}
