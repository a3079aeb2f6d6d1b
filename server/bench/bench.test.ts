import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/*
 * CI runs the benchmark at its smoke size only (1k users, half-second phases): that it runs
 * end to end against real servers and prints every figure. The figures themselves are
 * compared by a person reading `npm run bench`, never asserted (timings on a shared machine
 * are noise).
 */
const run = promisify(execFile);
const SCALE_FIGURES = [
  'startupMs',
  'storeOpenMs',
  'rssReadyMb',
  'rssPeakStartMb',
  'rssPeakMb',
  'decisionP50IdleMs',
  'decisionP99IdleMs',
  'decisionP50WritingMs',
  'decisionP99WritingMs',
  'maxStallMs',
  'loginsPerSecWriting',
];

describe('npm run bench -- --smoke', () => {
  it('prints a table, then one JSON line with every figure', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'run.ts'), '--smoke'], {
      timeout: 120_000,
      maxBuffer: 1 << 20,
    });
    const lines = stdout.trim().split('\n');
    expect(lines.some((line) => line.startsWith('minimal express + SimpleWebAuthn'))).toBe(true);
    const figures = JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown> & {
      scale: Record<string, Record<string, number>>;
    };
    for (const key of ['loginsPerSec', 'peerLoginsPerSec', 'bareVerifyPerSec', 'ratioToPeer', 'ratioToBareVerify']) {
      expect(figures[key], key).toBeGreaterThan(0);
    }
    expect(Object.keys(figures.scale)).toEqual(['1000']);
    for (const key of SCALE_FIGURES) expect(figures.scale['1000']?.[key], key).toBeGreaterThan(0);
    // Internally consistent: a ratio is the quotient of the figures it names.
    expect(figures['ratioToPeer']).toBeCloseTo(Number(figures['loginsPerSec']) / Number(figures['peerLoginsPerSec']), 2);
    expect(figures.scale['1000']?.['rssPeakMb']).toBeGreaterThanOrEqual((figures.scale['1000']?.['rssReadyMb'] ?? 0) * 0.99);
  }, 150_000);
});

describe('npm run bench -- --postgres --smoke', () => {
  it('loads 1k users into a throwaway PostgreSQL, measures one then two servers, and prints every figure', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'run.ts'), '--postgres', '--smoke'], {
      timeout: 60_000,
      maxBuffer: 1 << 20,
    });
    const lines = stdout.trim().split('\n');
    expect(lines.some((line) => line.startsWith('decision p50 / p99 under load ms'))).toBe(true);
    type Phase = Record<string, number | number[]>;
    const figures = JSON.parse(lines[lines.length - 1] ?? '') as {
      users: number;
      credentials: number;
      events: number;
      loadMs: number;
      oneServer: Phase;
      twoServers: Phase;
    };
    expect(figures.users).toBe(1000);
    expect(figures.credentials).toBe(2000);
    expect(figures.events).toBeGreaterThan(0);
    expect(figures.loadMs).toBeGreaterThan(0);
    for (const [phase, servers] of [
      ['oneServer', 1],
      ['twoServers', 2],
    ] as const) {
      for (const key of ['decisionP50IdleMs', 'decisionP99IdleMs', 'decisionP50LoadMs', 'decisionP99LoadMs', 'loginsPerSec']) {
        expect(figures[phase][key], `${phase}.${key}`).toBeGreaterThan(0);
      }
      const stalls = figures[phase]['maxStallMs'] as number[];
      expect(stalls, `${phase}: one stall per server`).toHaveLength(servers);
      for (const stall of stalls) expect(stall).toBeGreaterThan(0);
    }
  }, 90_000);
});
