import type { CounterRow } from '../analytics/counterGroups.ts';
import { formatCount, formatShare } from '../format.ts';

/**
 * Steps of a funnel as bars: each bar's length is its share of the first step, and each step
 * says what share of the step before it got this far.
 */
export function Funnel({ title, steps }: { title: string; steps: readonly CounterRow[] }) {
  const top = steps[0]?.count ?? 0;
  return (
    <div class="funnel">
      <h4>{title}</h4>
      <ol>
        {steps.map((step, index) => {
          const previous = index === 0 ? undefined : steps[index - 1]?.count;
          const width = top === 0 ? 0 : Math.min(100, (step.count / top) * 100);
          return (
            <li key={step.counter}>
              <div class="funnel-label">
                <span>{step.label}</span>
                <strong data-testid={step.testId}>{formatCount(step.count)}</strong>
                {previous !== undefined && (
                  <span class="hint">{formatShare(previous === 0 ? null : step.count / previous)} of the step before</span>
                )}
              </div>
              <div class="funnel-track" aria-hidden="true">
                <div class="funnel-bar" style={{ width: `${width}%` }} />
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
