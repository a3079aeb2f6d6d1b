/**
 * npm run bench:watch
 *
 * What watching for late login forms costs a page that has none. In headless Chromium a feed
 * changes itself in many small tasks (the way a live page updates: timers, socket messages),
 * three ways: unwatched (the baseline), under a MutationObserver that does nothing (the price of
 * observing at all, the floor for any watcher), and watched by `watchLoginForm` exactly as the
 * content script starts it. The main thread's task time is read from CDP Performance metrics,
 * counted in thread CPU time so other load on the machine blurs it less. The feed is `hidden`:
 * without layout and paint the page's own work is pure DOM changes, the least a page can do, so
 * the ratios are the worst case. Two feeds: items without form controls (the watcher's cheap
 * filter drops every change) and items with a button each (every change wakes the watcher;
 * detection runs are debounced and capped). Variants alternate; medians are printed; the last
 * line is one JSON object. Bounded: a fixed number of runs, then it stops.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type CDPSession, type Page } from 'puppeteer-core';
import { bundleForPage } from '../harness/bundleForPage.ts';
import { CHROMIUM_FLAGS, findChromium } from '../harness/chromium.ts';
import { median } from '../eval/score.ts';
import type { BenchApi, Watching } from './inPageWatch.ts';

const RUNS = 5;
const TASKS = 1_000;
const ITEMS_PER_TASK = 5;
const FEED_SIZE = 1_000;
/** Longer than the watcher's debounce (150 ms), so a pending detection run is counted too. */
const SETTLE_MS = 400;

const VARIANTS = ['unwatched', 'bare-observer', 'watcher'] as const;
type Variant = (typeof VARIANTS)[number];

const SCENARIOS = [
  { name: 'feed without controls', withControl: false },
  { name: 'feed adding a button per item', withControl: true },
] as const;
type Scenario = (typeof SCENARIOS)[number];

type Row = Record<Variant, number> & { bareObserverRatio: number; watcherRatio: number };

async function main(): Promise<void> {
  const script = await bundleForPage(path.join(import.meta.dirname, 'inPageWatch.ts'));
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'pkc-bench-watch-'));
  const browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, userDataDir, args: CHROMIUM_FLAGS });
  const rows: Record<string, Row> = {};
  try {
    const page = await browser.newPage();
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    for (const scenario of SCENARIOS) {
      const samples: Record<Variant, number[]> = { unwatched: [], 'bare-observer': [], watcher: [] };
      // Alternate, so drift in machine load falls on every variant alike.
      for (let run = 0; run < RUNS; run++) {
        for (const variant of VARIANTS) samples[variant].push(await measure(page, cdp, script, scenario, variant));
      }
      const [unwatched, bare, watcher] = VARIANTS.map((variant) => round(median(samples[variant])));
      if (unwatched === undefined || bare === undefined || watcher === undefined) throw new Error('no samples');
      rows[scenario.name] = {
        unwatched,
        'bare-observer': bare,
        watcher,
        bareObserverRatio: round(bare / unwatched),
        watcherRatio: round(watcher / unwatched),
      };
    }
  } finally {
    await browser.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
  console.log(
    `${TASKS} tasks × ${ITEMS_PER_TASK} items on a feed of ${FEED_SIZE}; median main-thread ms of ${RUNS} runs (ratio to unwatched):`,
  );
  for (const [name, row] of Object.entries(rows)) {
    console.log(
      `  ${name.padEnd(30)} unwatched ${row.unwatched.toFixed(1)}   bare observer ${row['bare-observer'].toFixed(1)} (${row.bareObserverRatio.toFixed(2)})   watcher ${row.watcher.toFixed(1)} (${row.watcherRatio.toFixed(2)})`,
    );
  }
  console.log(JSON.stringify(rows));
}

/** Main-thread milliseconds for one churn on a fresh page, including the watcher's trailing run. */
async function measure(page: Page, cdp: CDPSession, script: string, scenario: Scenario, variant: Variant): Promise<number> {
  const items = Array.from({ length: FEED_SIZE }, (_, i) => `<article><h3>Old ${i}</h3><p>Earlier <b>item</b> ${i}</p></article>`).join('');
  await page.setContent(`<!doctype html><title>Feed</title><main id="feed" hidden>${items}</main>`, { waitUntil: 'load' });
  await page.addScriptTag({ content: script });
  // These callbacks run in the page, where the bundled script left its API on globalThis.
  if (variant !== 'unwatched') {
    await page.evaluate((how: Watching) => (Reflect.get(globalThis, '__pkcBench') as BenchApi).startWatching(how), variant);
  }
  const before = await taskMs(cdp);
  await page.evaluate(
    (tasks, perTask, withControl) => (Reflect.get(globalThis, '__pkcBench') as BenchApi).churn(tasks, perTask, withControl),
    TASKS,
    ITEMS_PER_TASK,
    scenario.withControl,
  );
  await page.evaluate((ms) => new Promise((resolve) => setTimeout(resolve, ms)), SETTLE_MS);
  const after = await taskMs(cdp);
  await page.evaluate(() => (Reflect.get(globalThis, '__pkcBench') as BenchApi).stop());
  return after - before;
}

async function taskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0) * 1000;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

await main();
