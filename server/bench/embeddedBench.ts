import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDataSetFiles } from '../src/store/dataSetFiles.ts';
import { generateDataSet } from './dataset.ts';
import { companionTarget, decisionLoad, loginLoad, peerTarget, type LoginTarget } from './loginLoad.ts';
import { hasTaskset, pin, ServerChild } from './serverChild.ts';
import { median, percentile, round } from './stats.ts';

/*
 * The embedded store's benchmark (npm run bench without --postgres): login throughput against
 * a minimal peer and a bare verify loop, then the embedded store at growing sizes. Prints a
 * table, then one JSON line.
 */

export interface EmbeddedBenchOptions {
  seconds: number;
  rounds: number;
  sizes: number[];
  only: string | undefined;
  profileDir: string | undefined;
}

const LOGIN_CLIENTS = 32;
const WRITING_CLIENTS = 4;
const here = import.meta.dirname;
const log = (line: string) => process.stderr.write(`${line}\n`);

export async function runEmbeddedBench({ seconds, rounds, sizes, only, profileDir }: EmbeddedBenchOptions): Promise<void> {
  // ---- login throughput: bare verify, minimal peer, the companion (small store) ----
  const bare: number[] = [];
  const peer: Array<{ perSec: number; p50: number; p99: number }> = [];
  const companion: Array<{ perSec: number; p50: number; p99: number }> = [];
  for (let round = 1; round <= (only === 'scale' ? 0 : rounds); round += 1) {
    log(`round ${round}/${rounds}: bare verify, peer, companion (${LOGIN_CLIENTS} clients, ${seconds} s each)`);
    bare.push(await bareVerifyPerSec(seconds));
    const peerServer = await ServerChild.start(['peer'], profileDir);
    const peerClient = peerTarget(peerServer.ready.url, LOGIN_CLIENTS);
    peer.push(await throughput(peerClient, seconds));
    peerClient.close();
    await peerServer.stop();
    companion.push(
      await withDataSet(0, async (dataFile) => {
        const server = await ServerChild.start(['companion', dataFile], profileDir);
        const client = companionTarget(server.ready.url, LOGIN_CLIENTS);
        try {
          return await throughput(client, seconds);
        } finally {
          client.close();
          await server.stop();
        }
      }),
    );
  }
  const loginsPerSec = median(companion.map((r) => r.perSec));
  const peerLoginsPerSec = median(peer.map((r) => r.perSec));
  const bareVerifyPerSecond = median(bare);

  // ---- the store at scale ----
  const scale: Record<string, ScaleFigures> = {};
  for (const users of only === 'throughput' ? [] : sizes) {
    log(`store at ${users} users: generating, starting, deciding idle, then deciding while ${WRITING_CLIENTS} clients log in`);
    scale[String(users)] = await withDataSet(users, async (dataFile) => {
      const server = await ServerChild.start(['companion', dataFile], profileDir);
      const target = companionTarget(server.ready.url, WRITING_CLIENTS);
      try {
        const writers = await Promise.all(Array.from({ length: WRITING_CLIENTS }, (_, i) => target.register(`writer${i}@example.com`)));
        const known = Array.from({ length: 1000 }, () => `person${Math.floor(Math.random() * users)}@example.com`);
        // Warm the JIT first: the first seconds of a fresh process answer slower (measured p99: 4.4 → 1.9 ms).
        await decisionLoad(server.ready.url, known, Math.max(500, seconds * 500));
        const idle = await decisionLoad(server.ready.url, known, seconds * 1000);
        server.send({ type: 'reset-stall' });
        const [writing, logins] = await Promise.all([
          decisionLoad(server.ready.url, known, seconds * 1000),
          loginLoad(target, writers, seconds * 1000),
        ]);
        const stats = await server.stats();
        return {
          startupMs: server.ready.startupMs,
          storeOpenMs: server.ready.storeOpenMs,
          rssReadyMb: server.ready.rssMb,
          rssPeakStartMb: server.ready.rssPeakMb,
          rssPeakMb: stats.rssPeakMb,
          decisionP50IdleMs: percentile(idle.latenciesMs, 50),
          decisionP99IdleMs: percentile(idle.latenciesMs, 99),
          decisionP50WritingMs: percentile(writing.latenciesMs, 50),
          decisionP99WritingMs: percentile(writing.latenciesMs, 99),
          maxStallMs: stats.maxStallMs,
          loginsPerSecWriting: logins.perSec,
        };
      } finally {
        target.close();
        await server.stop();
      }
    });
  }

  // ---- report ----
  const measured = sizes.filter((users) => scale[String(users)] !== undefined);
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const pad = (cells: Array<string | number>, width = 14) =>
    cells.map((cell, i) => (i === 0 ? String(cell).padEnd(34) : String(cell).padStart(width))).join('');
  out(
    `Login throughput: start + finish over HTTP, ${LOGIN_CLIENTS} clients, medians of ${rounds} round(s) of ${seconds} s${hasTaskset ? '; servers on core 0, clients on core 1' : ' (no taskset: not pinned)'}`,
  );
  out(pad(['', 'logins/s', 'p50 ms', 'p99 ms', 'ratio']));
  out(pad(['bare verifyAuthenticationResponse', round(bareVerifyPerSecond, 0), '', '', '']));
  out(
    pad([
      'minimal express + SimpleWebAuthn',
      round(peerLoginsPerSec, 0),
      round(median(peer.map((r) => r.p50))),
      round(median(peer.map((r) => r.p99))),
      '1.00',
    ]),
  );
  out(
    pad([
      'companion (persisted)',
      round(loginsPerSec, 0),
      round(median(companion.map((r) => r.p50))),
      round(median(companion.map((r) => r.p99))),
      round(loginsPerSec / peerLoginsPerSec),
    ]),
  );
  out(`companion / bare verify: ${round(loginsPerSec / bareVerifyPerSecond)}`);
  out();
  out(
    `The embedded store at scale (2 passkeys and ~6 events per user); decisions from 1 client, writes from ${WRITING_CLIENTS} login clients`,
  );
  out(pad(['users', ...measured.map(String)]));
  const row = (label: string, pick: (figures: ScaleFigures) => number, digits = 1) =>
    out(pad([label, ...measured.map((users) => round(pick(scale[String(users)] as ScaleFigures), digits))]));
  row('startup ms (process start → ready)', (f) => f.startupMs, 0);
  row('  of which opening the store, ms', (f) => f.storeOpenMs, 0);
  row('RSS ready MB', (f) => f.rssReadyMb, 0);
  row('RSS peak MB: while starting', (f) => f.rssPeakStartMb, 0);
  row('           through the whole run', (f) => f.rssPeakMb, 0);
  row('decision p50 / p99 idle ms', (f) => f.decisionP50IdleMs, 2);
  row('', (f) => f.decisionP99IdleMs, 2);
  row('decision p50 / p99 writing ms', (f) => f.decisionP50WritingMs, 2);
  row('', (f) => f.decisionP99WritingMs, 2);
  row('longest event-loop stall ms', (f) => f.maxStallMs, 1);
  row('logins/s while writing', (f) => f.loginsPerSecWriting, 0);
  const smallest = scale[String(measured[0])];
  const largest = scale[String(measured[measured.length - 1])];
  if (smallest && largest && measured.length > 1)
    out(`logins/s while writing, largest / smallest: ${round(largest.loginsPerSecWriting / smallest.loginsPerSecWriting)}`);
  out(
    JSON.stringify({
      seconds,
      rounds,
      pinned: hasTaskset,
      loginsPerSec: round(loginsPerSec, 1),
      peerLoginsPerSec: round(peerLoginsPerSec, 1),
      bareVerifyPerSec: round(bareVerifyPerSecond, 1),
      ratioToPeer: round(loginsPerSec / peerLoginsPerSec, 3),
      ratioToBareVerify: round(loginsPerSec / bareVerifyPerSecond, 3),
      scale: Object.fromEntries(
        Object.entries(scale).map(([users, figures]) => [
          users,
          Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v, 2)])),
        ]),
      ),
    }),
  );
}

interface ScaleFigures {
  startupMs: number;
  storeOpenMs: number;
  rssReadyMb: number;
  rssPeakStartMb: number;
  rssPeakMb: number;
  decisionP50IdleMs: number;
  decisionP99IdleMs: number;
  decisionP50WritingMs: number;
  decisionP99WritingMs: number;
  maxStallMs: number;
  loginsPerSecWriting: number;
}

async function bareVerifyPerSec(seconds: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'bareVerify.ts'), String(seconds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  pin(child.pid, 0);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return (JSON.parse(out) as { perSec: number }).perSec;
}

/** Registers the users, warms up, then measures logins for `seconds`. */
async function throughput(target: LoginTarget, seconds: number): Promise<{ perSec: number; p50: number; p99: number }> {
  const users = await Promise.all(Array.from({ length: LOGIN_CLIENTS }, (_, i) => target.register(`loadclient${i}@example.com`)));
  await loginLoad(target, users, Math.min(1000, seconds * 500));
  const result = await loginLoad(target, users, seconds * 1000);
  return { perSec: result.perSec, p50: percentile(result.latenciesMs, 50), p99: percentile(result.latenciesMs, 99) };
}

async function withDataSet<T>(users: number, run: (dataFile: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pkc-bench-'));
  try {
    const dataFile = join(dir, 'companion.json');
    await writeDataSetFiles(dataFile, generateDataSet(users));
    return await run(dataFile);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
