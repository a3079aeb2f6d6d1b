import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/* `npm run server` refusing to start: what an operator sees. */

const run = promisify(execFile);
const start = (env: Record<string, string>) =>
  run(resolve('node_modules/.bin/tsx'), [resolve('server/src/main.ts')], { env: { ...process.env, ...env }, timeout: 20_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

describe('npm run server', { timeout: 30_000 }, () => {
  it('a bad setting: exit 2, naming the variable', async () => {
    const result = await start({ PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PORT: /);
  });

  it('the database unreachable at start: exit 1 with a clear message, the password never printed', async () => {
    const result = await start({ DATABASE_URL: 'postgres://companion:s3cret-pw@127.0.0.1:1/companion', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot start: cannot open the database postgres:\/\/companion:\*\*\*@127\.0\.0\.1:1\/companion/);
    expect(result.stderr).not.toContain('s3cret-pw');
  });
});
