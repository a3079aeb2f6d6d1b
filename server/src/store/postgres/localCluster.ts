import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/*
 * A PostgreSQL server of our own in a folder: the tests' throwaway database and
 * `npm run db:local`. Debian's `postgresql` package provides the binaries; PostgreSQL
 * refuses to run as root, so as root they run as the `postgres` user.
 */

export interface LocalCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication on loopback). */
  readonly url: string;
  readonly port: number;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server; `remove` deletes its folder too. */
  stop(options?: { remove?: boolean }): Promise<void>;
}

export interface LocalClusterOptions {
  /** Where the cluster lives; created (and initialised) when missing. */
  dir: string;
  /** Default: a free port. */
  port?: number;
  /**
   * Test speed over durability (fsync off): for throwaway clusters only, never for data
   * anyone keeps. Default false.
   */
  throwaway?: boolean;
}

/** The newest installed major's binaries, or PG_BIN. */
export function postgresBinDir(): string {
  const fromEnv = process.env['PG_BIN'];
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const major = majors[0];
  if (major === undefined) {
    throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or set PG_BIN to its bin folder)');
  }
  return join(root, major, 'bin');
}

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const bin = postgresBinDir();
  const owner = await clusterOwner();
  const dataDir = join(options.dir, 'pgdata');
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  if (owner) await chown(options.dir, owner.uid, owner.gid);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await run(
      join(bin, 'initdb'),
      ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', ...(options.throwaway ? ['--no-sync'] : [])],
      owner,
    );
  }
  const port = options.port ?? (await freePort());
  const settings = [
    `-p ${port}`,
    `-k ${options.dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(options.throwaway ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ');
  await run(
    join(bin, 'pg_ctl'),
    ['-D', dataDir, '-l', join(options.dir, 'postgres.log'), '-o', settings, '-w', '-t', '60', 'start'],
    owner,
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name], owner);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop(stopOptions) {
      await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], owner).catch(() => undefined);
      if (stopOptions?.remove) await rm(options.dir, { recursive: true, force: true });
    },
  };
}

interface Owner {
  uid: number;
  gid: number;
}

/** As root: the `postgres` system user (from /etc/passwd); otherwise the current user. */
async function clusterOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd.split('\n').find((line) => line.startsWith('postgres:'));
  const [, , uid, gid] = entry?.split(':') ?? [];
  if (uid === undefined || gid === undefined)
    throw new Error("running as root needs a `postgres` user (Debian's postgresql package creates it)");
  return { uid: Number(uid), gid: Number(gid) };
}

function run(command: string, args: string[], owner: Owner | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}), cwd: '/' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
