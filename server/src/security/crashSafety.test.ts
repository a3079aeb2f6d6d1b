import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFileFor } from '../store/atomicTextFile.ts';
import { parseDataFile } from '../store/dataFileAdapter.ts';
import { LowdbStore } from '../store/lowdbStore.ts';

/*
 * ARCHITECTURE §6: a process killed mid-write never leaves a damaged data file. A child
 * (node + tsx) rewrites a ~0.6 MB data file with the store's writer in a loop; it is SIGKILLed
 * at varying moments; each time the file must parse and be one whole snapshot, and the
 * leftover temp file must be cleaned by the next owner.
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
async function runAndKill(delayMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'writeLoop.ts'), dataFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
  });
  const temp = tempFileFor(dataFile);
  const deadline = Date.now() + 5000;
  while (!existsSync(temp) && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('killed mid-write', () => {
  it(`leaves a whole, parseable file every time (${KILLS} kills)`, async () => {
    let tempLeftBehind = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      await runAndKill(kill % 2 === 0 ? 0 : 7 * kill);
      const file = parseDataFile(dataFile, await readFile(dataFile, 'utf8'));
      expect(file.sites).toHaveLength(1);
      // One snapshot: every user from the same generation (or none yet).
      expect(new Set(file.users.map((user) => user.displayName)).size).toBeLessThanOrEqual(1);
      if (await stat(tempFileFor(dataFile)).then(() => true, () => false)) tempLeftBehind += 1;
      // The next owner takes over the dead writer's lock and removes its temp file.
      const store = await LowdbStore.open(dataFile);
      await expect(stat(tempFileFor(dataFile))).rejects.toThrow(/ENOENT/);
      await store.close();
    }
    // The kills did land mid-write (a temp file was there), so the test tests something.
    expect(tempLeftBehind).toBeGreaterThan(0);
  }, 20_000);
});
