import { figures, SHARE_DAYS, type Tally } from './metrics.ts';
import type { SimOptions } from './loop.ts';
import type { StrategyName } from './strategies.ts';

/*
 * The run as people read it (a table per strategy, then where the misses come from) and,
 * last, one JSON line for scripts and CI.
 */

export type Results = ReadonlyMap<StrategyName, Tally>;

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)} %`);
const pad = (cells: readonly string[], widths: readonly number[]) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  return [pad(header, widths), ...rows.map((row) => pad(row, widths))].join('\n');
}

function figureRows(results: Results): string[][] {
  const tallies = [...results.values()];
  const row = (label: string, cell: (t: Tally) => string) => [label, ...tallies.map(cell)];
  const share = (day: number) => (t: Tally) => {
    const value = figures(t).passkeyLoginShare[String(day)];
    return value === null || value === undefined ? '—' : `${(100 * value).toFixed(1)} %`;
  };
  return [
    row('logins', (t) => String(t.logins)),
    row('passkey prompts', (t) => String(t.passkeyPrompts)),
    row('hybrid (phone) prompts', (t) => String(t.hybridPrompts)),
    row('immediate checks (no UI): found / none', (t) => `${t.immediateChecks - t.immediateNone} / ${t.immediateNone}`),
    row('immediateNoneRate (per login)', (t) => percent(t.immediateNone, t.logins)),
    row('doomedPromptRate (per login)', (t) => percent(t.doomedPrompts, t.logins)),
    row('prompts cancelled by the person', (t) => String(t.cancelledPrompts)),
    row('missedPasskeyRate (per login)', (t) => percent(t.missedPasskeys, t.logins)),
    ...SHARE_DAYS.map((day) => row(`passkeyLoginShare, week to day ${day}`, share(day))),
    row('passkey logins, whole run', (t) => percent(t.passkeyLogins, t.logins)),
    row('usersWithPasskeyShare (working)', (t) => percent(t.usersWithPasskey, t.people)),
    row('offersPerUser', (t) => (t.offers / t.people).toFixed(2)),
    row('  first-passkey / second-device', (t) => `${t.offersByVariant['first-passkey']} / ${t.offersByVariant['second-device']}`),
    row('  after-hybrid / heal', (t) => `${t.offersByVariant['after-hybrid']} / ${t.offersByVariant.heal}`),
    row('passkeys created', (t) => String(t.created)),
    row('healsCompleted', (t) => String(t.healsCompleted)),
    row('"not now" / "not on this device"', (t) => `${t.skips} / ${t.nevers}`),
    row('accepted, browser could not create', (t) => String(t.createsImpossible)),
    row('backoffViolations', (t) => String(t.backoffViolations)),
  ];
}

function breakdown(title: string, results: Results, of: (t: Tally) => ReadonlyMap<string, number>): string {
  const lines = [title];
  for (const [name, tally] of results) {
    const entries = [...of(tally)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (entries.length === 0) {
      lines.push(`  ${name}: none`);
      continue;
    }
    lines.push(`  ${name}:`);
    for (const [situation, count] of entries)
      lines.push(`    ${String(count).padStart(6)}  ${percent(count, tally.logins).padStart(7)}  ${situation}`);
  }
  return lines.join('\n');
}

export function reportText(options: SimOptions, results: Results): string {
  return [
    `Passkey Intelligence, simulated: seed ${options.seed}, ${options.people} people, ${options.days} days`,
    '',
    table(['', ...results.keys()], figureRows(results)),
    '',
    breakdown('Doomed prompts by world situation (count, per login):', results, (t) => t.doomedBy),
    '',
    breakdown('Missed passkeys by engine reason ← what would have worked (count, per login):', results, (t) => t.missedBy),
  ].join('\n');
}

export function reportJson(options: SimOptions, results: Results): string {
  const strategies = Object.fromEntries([...results].map(([name, tally]) => [name, figures(tally)]));
  return JSON.stringify({ seed: options.seed, people: options.people, days: options.days, strategies });
}
