import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFileFor } from '../store/atomicTextFile.ts';
import { readDataSet } from '../store/dataSetFiles.ts';
import { LowdbStore } from '../store/lowdbStore.ts';
import { shardDirFor, shardFileName } from '../store/manifest.ts';

/*
 * ARCHITECTURE §6: a process killed mid-write never leaves a damaged data set. A child
 * (node + tsx) runs the real store and rewrites one ~0.3 MB shard file in a loop; it is
 * SIGKILLed at varying moments; each time the next owner must open the data set, find the
 * shard whole and of one generation, and have removed the leftover temp file.
 */

const here = dirname(fileURLToPath(import.meta.url));
const KILLS = 4;
let dir: string;
let dataFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pkc-crash-'));
  dataFile = join(dir, 'companion.json');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * Starts the writer and kills it once it is writing: when its temp file appears (mid-write
 * for certain), or `delayMs` after that (anywhere in the loop).
 */
async function runAndKill(delayMs: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'writeLoop.ts'), dataFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let stdout = '';
  const shard = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /shard (\d+)\nready/.exec(stdout);
      if (ready) resolve(Number(ready[1]));
    });
    child.once('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
  });
  const shardFile = join(shardDirFor(dataFile), shardFileName(shard));
  const temp = tempFileFor(shardFile);
  const deadline = Date.now() + 5000;
  while (!existsSync(temp) && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return shardFile;
}

describe('killed mid-write', () => {
  it(`leaves a whole, readable data set every time (${KILLS} kills)`, async () => {
    let tempLeftBehind = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      const shardFile = await runAndKill(kill % 2 === 0 ? 0 : 7 * kill);
      const file = await readDataSet(dataFile);
      expect(file.sites).toHaveLength(1);
      // One snapshot: every user from the same generation.
      expect(file.users).toHaveLength(600);
      expect(new Set(file.users.map((user) => user.displayName)).size).toBe(1);
      expect(await readFile(shardFile, 'utf8')).toMatch(/^\{.*\}$/s);
      if (
        await stat(tempFileFor(shardFile)).then(
          () => true,
          () => false,
        )
      )
        tempLeftBehind += 1;
      // The next owner takes over the dead writer's lock and removes its temp file.
      const store = await LowdbStore.open(dataFile);
      await expect(stat(tempFileFor(shardFile))).rejects.toThrow(/ENOENT/);
      await store.close();
    }
    // The kills did land mid-write (a temp file was there), so the test tests something.
    expect(tempLeftBehind).toBeGreaterThan(0);
  }, 20_000);
});
