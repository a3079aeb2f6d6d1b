/**
 * npm run eval:forms -- [DIR] [--robustness]
 *
 * Runs the login-form detector in headless Chromium over a folder laid out like the corpus
 * (DIR/positive/*.html, DIR/negative/*.html; default ../shared/corpus/login-forms beside the repo) and prints
 * recall per field, the negatives falsely detected and the detection time per page. The last
 * line is one JSON object with those figures (for the corpus, the held-out part apart too).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { bundleForPage } from '../harness/bundleForPage.ts';
import { CHROMIUM_FLAGS, findChromium } from '../harness/chromium.ts';
import { CUE_REMOVALS, type CueRemoval } from './cueRemovals.ts';
import type { InPageResult } from './inPage.ts';
import { isHeldOut, median, scoreOutcomes, type Figures, type PageOutcome } from './score.ts';

/** The product material lives beside the repo (`../shared/`, not the repo's own shared/ package). */
const DEFAULT_DIR = path.resolve(import.meta.dirname, '../../../shared/corpus/login-forms');
const WARM_RUNS = 10;
const PAGE_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? DEFAULT_DIR);
  const removals: CueRemoval[] = args.includes('--robustness') ? (Object.keys(CUE_REMOVALS) as CueRemoval[]) : [];
  const pages = await listPages(dir);
  const script = await bundleForPage(path.join(import.meta.dirname, 'inPage.ts'));
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'pkc-eval-forms-'));
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    userDataDir,
    args: CHROMIUM_FLAGS,
  });
  const outcomes: PageOutcome[] = [];
  const coldTimes: number[] = [];
  const robustness: Record<string, Figures> = {};
  try {
    const page = await browser.newPage();
    await isolate(page);
    for (const entry of pages) {
      const result = await evaluateFile(page, script, entry.file);
      outcomes.push({ file: entry.name, positive: entry.positive, ...result, ms: result.warmMs });
      coldTimes.push(result.coldMs);
      reportMiss(entry.name, entry.positive, result, dir === DEFAULT_DIR);
    }
    for (const removal of removals) {
      const varied: PageOutcome[] = [];
      for (const entry of pages) {
        const result = await evaluateFile(page, script, entry.file, removal);
        varied.push({ file: entry.name, positive: entry.positive, ...result, ms: result.warmMs });
      }
      robustness[removal] = scoreOutcomes(varied);
    }
  } finally {
    await browser.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
  const full = scoreOutcomes(outcomes);
  // The held-out part means something for the corpus the detector was tuned on, not elsewhere.
  const isCorpus = dir === DEFAULT_DIR;
  const heldOut = scoreOutcomes(outcomes.filter((o) => isHeldOut(o.file)));
  const tuning = scoreOutcomes(outcomes.filter((o) => !isHeldOut(o.file)));
  printTable(isCorpus ? { 'full corpus': full, 'tuning part': tuning, 'held-out part': heldOut } : { 'all pages': full });
  const cold = { coldMedianMs: round(median(coldTimes)), coldWorstMs: round(Math.max(0, ...coldTimes)) };
  console.log(`first (cold) detection per page: median ${cold.coldMedianMs} ms, worst ${cold.coldWorstMs} ms`);
  if (removals.length > 0) {
    console.log('robustness — the same pages with one kind of cue removed (see cueRemovals.ts):');
    printTable(robustness);
  }
  console.log(JSON.stringify({ ...full, ...cold, ...(isCorpus ? { heldOut } : {}), ...(removals.length > 0 ? { robustness } : {}) }));
}

interface PageEntry {
  name: string;
  file: string;
  positive: boolean;
}

async function listPages(dir: string): Promise<PageEntry[]> {
  const entries: PageEntry[] = [];
  for (const [folder, positive] of [
    ['positive', true],
    ['negative', false],
  ] as const) {
    const names = (await readdir(path.join(dir, folder))).filter((name) => name.endsWith('.html')).sort();
    for (const name of names) entries.push({ name: `${folder}/${name}`, file: path.join(dir, folder, name), positive });
  }
  return entries;
}

/** The saved pages run no script of their own and fetch nothing but their own HTML. */
async function isolate(page: Page): Promise<void> {
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') void request.continue();
    else void request.abort();
  });
}

async function evaluateFile(page: Page, script: string, file: string, removal?: CueRemoval): Promise<InPageResult> {
  const html = await readFile(file, 'utf8');
  await page.setContent(html, { waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT_MS });
  await page.evaluate(script);
  return page.evaluate(
    (runs: number, cueRemoval: CueRemoval | null) => {
      const run: unknown = Reflect.get(globalThis, '__pkcEvaluatePage');
      if (typeof run !== 'function') throw new Error('evaluation script missing');
      return run(runs, cueRemoval ?? undefined) as InPageResult;
    },
    WARM_RUNS,
    removal ?? null,
  );
}

function reportMiss(name: string, positive: boolean, result: InPageResult, isCorpus: boolean): void {
  const misses: string[] = [];
  if (positive && result.hasUsername && !result.usernameFound) misses.push('username missed');
  if (positive && result.hasPassword && !result.passwordFound) misses.push('password missed');
  if (!positive && result.detected) misses.push(`falsely detected (${result.kind}): ${result.detectedAs}`);
  if (misses.length > 0) console.log(`  ${name}: ${misses.join(', ')}${isCorpus && isHeldOut(name) ? ' (held-out part)' : ''}`);
}

function printTable(rows: Record<string, Figures>): void {
  const header = ['', 'pages', 'username recall', 'password recall', 'negatives detected', 'median ms', 'worst ms'];
  const lines = Object.entries(rows).map(([label, f]) => [
    label,
    String(f.pages),
    percent(f.usernameRecall),
    percent(f.passwordRecall),
    `${f.negativesDetected}/${f.negatives}`,
    f.medianMs.toFixed(3),
    f.worstMs.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  for (const line of [header, ...lines]) console.log(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

await main();
