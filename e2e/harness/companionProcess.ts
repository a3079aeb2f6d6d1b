import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/**
 * A companion server as its own process (`npm run server`'s entry point), so a spec can kill
 * it like a crashed machine. Started with the environment a deployment would give it.
 */
export class CompanionProcess {
  private constructor(
    private readonly child: ChildProcess,
    /** Its own loopback address (the load balancer's backend). */
    readonly url: string,
    private readonly output: () => string,
  ) {}

  static async start(env: Record<string, string>): Promise<CompanionProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: REPO,
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`the companion did not start in time:\n${output}`)), 30_000);
      const onData = () => {
        // Its JSON log line `{"msg":"listening","port":…}`.
        const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(output);
        if (!match) return;
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolvePort(Number(match[1]));
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the companion exited (${code}) before it started:\n${output}`));
      });
    });
    return new CompanionProcess(child, `http://127.0.0.1:${port}`, () => output);
  }

  /** What it printed, for a failing spec's message. */
  get log(): string {
    return this.output();
  }

  /** SIGKILL: no shutdown, no flush, like a machine losing power. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** A clean stop (SIGTERM). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await exited;
  }
}
