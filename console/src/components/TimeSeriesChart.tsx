import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { ChartData } from '../analytics/chartData.ts';

export interface ChartSeries {
  label: string;
  color: string;
  /** Dash pattern, so the lines differ by more than colour. */
  dash: readonly number[] | undefined;
}

const HEIGHT = 280;
const DAY = 86_400;
const DAY_TICKS = [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 56 * DAY, 91 * DAY];
const DAY_FORMAT = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

function dayLabel(seconds: number): string {
  return DAY_FORMAT.format(new Date(seconds * 1000));
}
/** Before layout (or in a hidden tab) the container measures 0: draw at a sane width, resize later. */
const FALLBACK_WIDTH = 600;

/**
 * Daily counts as lines (uPlot). The chart is made for one `data` and destroyed with it: a new
 * range makes a new chart, and leaving the page leaves no canvas or observer behind.
 */
export function TimeSeriesChart({ data, series, caption }: { data: ChartData; series: readonly ChartSeries[]; caption: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const width = () => element.clientWidth || FALLBACK_WIDTH;
    const chart = new uPlot(chartOptions(width(), series), data, element);
    const observer = new ResizeObserver(() => {
      if (element.clientWidth !== chart.width) chart.setSize({ width: width(), height: HEIGHT });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [data, series]);
  return (
    <figure class="chart">
      <figcaption>{caption}</figcaption>
      <div ref={container} data-testid="console-chart" />
    </figure>
  );
}

function chartOptions(width: number, series: readonly ChartSeries[]): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    // The counts are per UTC day: label the axis in UTC too, or a day shows as the evening before.
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    scales: {
      x: { time: true },
      // Counts start at zero and are whole: no 0.5 tick, no axis floating above the data.
      y: { range: (_chart, _min, max) => [0, Math.max(max, 1)] },
    },
    // One tick per day at most (never hours), labelled with the UTC day.
    axes: [
      { incrs: DAY_TICKS, values: (_chart, ticks) => ticks.map(dayLabel) },
      { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 100_000, 1_000_000] },
    ],
    series: [
      { label: 'Day', value: (_chart, seconds) => (seconds === null ? '—' : new Date(seconds * 1000).toISOString().slice(0, 10)) },
      ...series.map((line) => ({
        label: line.label,
        stroke: line.color,
        width: 2,
        ...(line.dash === undefined ? {} : { dash: [...line.dash] }),
        points: { show: true, size: 5 },
      })),
    ],
  };
}
