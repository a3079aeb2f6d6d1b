import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  /** The port it logged in its `{"msg":"listening","port":…}` line. */
  port: number;
  /** Resolves with the exit code once it exits. */
  exit: Promise<number | null>;
  /** Everything it printed so far (stdout and stderr), for a failing test's message. */
  log(): string;
}

/**
 * Starts a companion server as its own process (`npm run server`'s entry point, or the built
 * one) and waits for its JSON "listening" line: tests that stop, kill or install it for real.
 */
export function startServerProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv },
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = spawn(command, args, {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${output}`)), timeoutMs);
    const onData = () => {
      const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({ child, port: Number(match[1]), exit, log: () => output });
    };
    child.stdout?.on('data', onData);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it started:\n${output}`));
    });
  });
}
