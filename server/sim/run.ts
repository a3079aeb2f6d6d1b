import { parseArgs } from 'node:util';
import type { SimOptions } from './loop.ts';
import { reportJson, reportText } from './report.ts';
import { runStrategies } from './runStrategies.ts';

/*
 * npm run sim [-- --seed N --people N --days N --ceremonies]
 * Prints the figures per strategy, the situations behind the misses, and one JSON line last.
 * --ceremonies runs the engine through the server's real ceremonies (WebAuthn crypto
 * included, ~1 ms a login): slower, the engine only (with and without immediate checks), the
 * same figures.
 */

/** A few seconds on one core: ~20k logins per strategy. */
const DEFAULTS: SimOptions = { seed: 1, people: 500, days: 180 };

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number, got ${value}`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      people: { type: 'string' },
      days: { type: 'string' },
      ceremonies: { type: 'boolean', default: false },
    },
  });
  const options: SimOptions = {
    seed: positiveInteger('seed', values.seed, DEFAULTS.seed),
    people: positiveInteger('people', values.people, DEFAULTS.people),
    days: positiveInteger('days', values.days, DEFAULTS.days),
  };
  const started = performance.now();
  const results = await runStrategies(options, values.ceremonies);
  console.log(reportText(options, results));
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s${values.ceremonies ? ', through the real ceremonies' : ''})`);
  console.log(reportJson(options, results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
