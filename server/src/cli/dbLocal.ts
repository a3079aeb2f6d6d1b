import { resolve } from 'node:path';
import { startLocalCluster } from '../store/postgres/localCluster.ts';

/**
 * `npm run db:local`: a PostgreSQL server of its own for trying the companion on PostgreSQL,
 * data under data/postgres (kept between runs), until Ctrl-C. Needs Debian's `postgresql`
 * package (or PG_BIN). DB_PORT picks the port (default 5433, beside a system server on 5432).
 */
async function main(): Promise<void> {
  const dir = resolve(process.env['DB_DIR'] ?? 'data/postgres');
  const port = Number(process.env['DB_PORT'] ?? 5433);
  const cluster = await startLocalCluster({ dir, port });
  console.log(`PostgreSQL on 127.0.0.1:${port} (data in ${dir}). In another terminal:

  DATABASE_URL=${cluster.url} npm run server
  DATABASE_URL=${cluster.url} PORT=8788 npm run server     # a second server on the same database

Ctrl-C stops it; the data stays for the next run.`);
  const stop = () => void cluster.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Keeps this process (and so the terminal) alive while the server runs.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
