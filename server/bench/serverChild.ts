import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FromServer, ToServer } from './benchServer.ts';

/*
 * Where the benchmark's processes run: servers pinned to core 0, clients to core 1
 * (`taskset`, when it exists), and a server under test as a child spoken to over IPC.
 */

export const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Pins every thread of `pid` to `core` (children it forks later inherit it). */
export function pin(pid: number | undefined, core: number): void {
  if (hasTaskset && pid !== undefined) execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}

type Ready = Extract<FromServer, { type: 'ready' }>;
type Stats = Extract<FromServer, { type: 'stats' }>;

/** A server child (benchServer.ts): started, pinned to core 0, and spoken to over IPC. */
export class ServerChild {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  /** `profileDir`: also write the child's CPU profile there. */
  static async start(argv: string[], profileDir?: string): Promise<ServerChild> {
    const execArgv = ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])];
    const child = fork(join(import.meta.dirname, 'benchServer.ts'), argv, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    pin(child.pid, 0);
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (message: FromServer) => (message.type === 'ready' ? resolve(message) : reject(new Error('not ready'))));
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
    return new ServerChild(child, ready);
  }

  send(message: ToServer): void {
    this.child.send(message);
  }

  stats(): Promise<Stats> {
    return new Promise((resolve) => {
      const onMessage = (message: FromServer) => {
        if (message.type !== 'stats') return;
        this.child.off('message', onMessage);
        resolve(message);
      };
      this.child.on('message', onMessage);
      this.send({ type: 'stats' });
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.send({ type: 'stop' });
    await exited;
  }
}
