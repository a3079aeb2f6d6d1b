import { runEmbeddedBench } from './embeddedBench.ts';
import { runPostgresBench } from './postgresBench.ts';
import { pin } from './serverChild.ts';

/*
 * npm run bench: login throughput against a minimal peer and a bare verify loop, then the
 * embedded store at growing sizes; or, with --postgres, the PostgreSQL engine with one and
 * then two servers on one database. Servers run in children pinned to core 0, this process
 * (the clients) on core 1, where taskset exists. Prints a table, then one JSON line.
 *
 *   npm run bench                         full run (a few minutes)
 *   npm run bench -- --smoke              seconds: 1k users, short phases (CI)
 *   npm run bench -- --sizes 1000,10000 --seconds 3 --rounds 3
 *   npm run bench -- --only throughput   (or --only scale) one half of it
 *   npm run bench -- --profile DIR        also write each server's CPU profile (.cpuprofile) to DIR
 *
 *   npm run bench -- --postgres           PostgreSQL at 1M users / 2M passkeys (~10 minutes)
 *   npm run bench -- --postgres --users 100000 --seconds 4 [--fsync off] [--smoke] [--profile DIR]
 */

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? undefined : args[at + 1];
};
const smoke = args.includes('--smoke');
const seconds = Number(option('seconds') ?? (smoke ? 0.5 : 4));
const profileDir = option('profile');
pin(process.pid, 1);

if (args.includes('--postgres')) {
  const fsync = option('fsync') ?? (smoke ? 'off' : 'on');
  if (fsync !== 'on' && fsync !== 'off') throw new Error('--fsync on|off');
  await runPostgresBench({ users: Number(option('users') ?? (smoke ? 1000 : 1_000_000)), seconds, fsync: fsync === 'on', profileDir });
} else {
  await runEmbeddedBench({
    seconds,
    rounds: Number(option('rounds') ?? (smoke ? 1 : 3)),
    sizes: (option('sizes') ?? (smoke ? '1000' : '1000,10000,100000')).split(',').map(Number),
    only: option('only'),
    profileDir,
  });
}
