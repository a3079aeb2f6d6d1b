import { PgStore } from '../src/store/postgres/pgStore.ts';
import { startBenchCluster } from './benchCluster.ts';
import { bulkLoad } from './bulkLoad.ts';
import { BENCH_SITE_ID } from './dataset.ts';
import { companionTarget, decisionLoad, loginLoad } from './loginLoad.ts';
import { hasTaskset, ServerChild } from './serverChild.ts';
import { percentile, round } from './stats.ts';

/*
 * npm run bench -- --postgres: the PostgreSQL engine at scale. A throwaway cluster of its own,
 * generateDataSet(N) bulk-loaded, then decisions idle and under login load against one
 * companion server, then against two servers on the same database with every request sent to
 * the next server in turn (a login's start and finish may land on different servers).
 * Servers and PostgreSQL share core 0, the clients run on core 1. A table, then one JSON line.
 */

export interface PostgresBenchOptions {
  users: number;
  seconds: number;
  fsync: boolean;
  profileDir: string | undefined;
}

/** Servers behind one load balancer are one issuer: the same public URL. */
const PUBLIC_URL = 'http://companion.bench.localhost';
const WRITING_CLIENTS = 4;
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Figures {
  startupMs: number[];
  decisionP50IdleMs: number;
  decisionP99IdleMs: number;
  decisionP50LoadMs: number;
  decisionP99LoadMs: number;
  loginsPerSec: number;
  /** Per server, in start order. */
  maxStallMs: number[];
}

export async function runPostgresBench({ users, seconds, fsync, profileDir }: PostgresBenchOptions): Promise<void> {
  log(`PostgreSQL: a throwaway cluster (fsync ${fsync ? 'on' : 'off'}), loading ${users} users`);
  const cluster = await startBenchCluster({ fsync });
  try {
    const load = await bulkLoad(cluster.url, users, log);
    const pinnedProcesses = cluster.pin(0);
    const consoleSummary = await timeConsoleSummary(cluster.url);
    const known = Array.from({ length: 1000 }, () => `person${Math.floor(Math.random() * users)}@example.com`);
    const phase = async (servers: number, tag: string): Promise<Figures> => {
      log(`${servers} server(s): deciding idle, then while ${WRITING_CLIENTS} clients log in (${seconds} s each)`);
      const children: ServerChild[] = [];
      try {
        for (let i = 0; i < servers; i += 1) children.push(await ServerChild.start(['companion-pg', cluster.url, PUBLIC_URL], profileDir));
        return await measure(children, known, seconds, tag);
      } finally {
        await Promise.all(children.map((child) => child.stop()));
      }
    };
    const one = await phase(1, 'one');
    const two = await phase(2, 'two');
    report({ users, seconds, fsync, load, pinnedProcesses, one, two, consoleSummary });
  } finally {
    await cluster.stop();
  }
}

/**
 * What the console's "passkeys by provider and platform" costs at this size (two index scans over
 * the site's passkeys, not on any login's path), median of 5 after a warm-up, beside one
 * decision's p50 in the report for scale.
 */
async function timeConsoleSummary(url: string): Promise<number> {
  const store = await PgStore.open(url);
  try {
    await store.summarizeCredentials(BENCH_SITE_ID);
    const times: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      await store.summarizeCredentials(BENCH_SITE_ID);
      times.push(performance.now() - started);
    }
    return percentile(times, 50);
  } finally {
    await store.close();
  }
}

async function measure(servers: ServerChild[], known: readonly string[], seconds: number, tag: string): Promise<Figures> {
  const urls = servers.map((server) => server.ready.url);
  const target = companionTarget(urls, WRITING_CLIENTS);
  try {
    const writers = await Promise.all(Array.from({ length: WRITING_CLIENTS }, (_, i) => target.register(`${tag}-writer${i}@example.com`)));
    // Warm the JIT, the pools and PostgreSQL's plans first (fresh processes answer slower).
    const warmMs = Math.max(500, seconds * 500);
    await Promise.all([decisionLoad(urls, known, warmMs), loginLoad(target, writers, warmMs)]);
    const idle = await decisionLoad(urls, known, seconds * 1000);
    for (const server of servers) server.send({ type: 'reset-stall' });
    const [underLoad, logins] = await Promise.all([decisionLoad(urls, known, seconds * 1000), loginLoad(target, writers, seconds * 1000)]);
    const stats = await Promise.all(servers.map((server) => server.stats()));
    return {
      startupMs: servers.map((server) => server.ready.startupMs),
      decisionP50IdleMs: percentile(idle.latenciesMs, 50),
      decisionP99IdleMs: percentile(idle.latenciesMs, 99),
      decisionP50LoadMs: percentile(underLoad.latenciesMs, 50),
      decisionP99LoadMs: percentile(underLoad.latenciesMs, 99),
      loginsPerSec: logins.perSec,
      maxStallMs: stats.map((s) => s.maxStallMs),
    };
  } finally {
    target.close();
  }
}

function report(run: {
  users: number;
  seconds: number;
  fsync: boolean;
  load: Awaited<ReturnType<typeof bulkLoad>>;
  pinnedProcesses: number;
  one: Figures;
  two: Figures;
  consoleSummary: number;
}): void {
  const { load, one, two } = run;
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const pad = (cells: Array<string | number>) =>
    cells.map((cell, i) => (i === 0 ? String(cell).padEnd(36) : String(cell).padStart(16))).join('');
  const list = (values: number[], digits = 1) => values.map((v) => round(v, digits)).join(' / ');
  out(
    `PostgreSQL ${load.serverVersion}, fsync ${run.fsync ? 'on (every commit flushed: what a deployment runs)' : 'off (throwaway: commits not flushed)'}; ` +
      `${load.rows.users} users, ${load.rows.credentials} passkeys, ${load.rows.events} events`,
  );
  out(
    `bulk load: ${round(load.loadMs / 1000, 1)} s in ${load.slices} slice(s) (of it ${round(load.settleMs / 1000, 1)} s VACUUM ANALYZE + CHECKPOINT)`,
  );
  out(
    hasTaskset
      ? `where: servers and PostgreSQL (${run.pinnedProcesses} processes, and the backends they start) on core 0, clients on core 1`
      : 'where: not pinned (no taskset)',
  );
  out(
    `decisions from 1 client; load: ${WRITING_CLIENTS} clients logging in; two servers: each request to the next server in turn; ${run.seconds} s phases`,
  );
  out(pad(['', 'one server', 'two servers']));
  out(
    pad([
      'decision p50 / p99 idle ms',
      list([one.decisionP50IdleMs, one.decisionP99IdleMs], 2),
      list([two.decisionP50IdleMs, two.decisionP99IdleMs], 2),
    ]),
  );
  out(
    pad([
      'decision p50 / p99 under load ms',
      list([one.decisionP50LoadMs, one.decisionP99LoadMs], 2),
      list([two.decisionP50LoadMs, two.decisionP99LoadMs], 2),
    ]),
  );
  out(pad([`logins/s (${WRITING_CLIENTS} clients)`, round(one.loginsPerSec, 0), round(two.loginsPerSec, 0)]));
  out(pad(['longest event-loop stall ms (each)', list(one.maxStallMs), list(two.maxStallMs)]));
  out(pad(['startup ms (each)', list(one.startupMs, 0), list(two.startupMs, 0)]));
  out(
    `console credential summary (all the site's passkeys by provider and platform, median of 5): ${round(run.consoleSummary, 1)} ms, ` +
      `${round(run.consoleSummary / one.decisionP50IdleMs, 0)}× an idle decision's p50`,
  );
  const figures = (f: Figures) =>
    Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => round(x, 2)) : round(v, 2)]));
  out(
    JSON.stringify({
      postgres: load.serverVersion,
      fsync: run.fsync,
      pinned: hasTaskset,
      seconds: run.seconds,
      users: load.rows.users,
      credentials: load.rows.credentials,
      events: load.rows.events,
      loadMs: round(load.loadMs, 0),
      settleMs: round(load.settleMs, 0),
      oneServer: figures(one),
      twoServers: figures(two),
      consoleSummaryMs: round(run.consoleSummary, 1),
    }),
  );
}
