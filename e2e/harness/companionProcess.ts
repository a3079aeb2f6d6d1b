import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { startServerProcess } from '../../server/src/testing/serverProcess.ts';

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
    const server = await startServerProcess(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: REPO,
      env: { ...process.env, PORT: '0', ...env },
    });
    return new CompanionProcess(server.child, `http://127.0.0.1:${server.port}`, server.log);
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
