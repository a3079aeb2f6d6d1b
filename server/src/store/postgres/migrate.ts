import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type { Database } from './database.ts';

/** The versioned schema (node-pg-migrate's SQL files, one per version, never edited once released). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
/** Which migrations a database has had: node-pg-migrate's bookkeeping table. */
export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * Brings the database's schema up to this version of the server. Servers starting together
 * wait for each other on node-pg-migrate's advisory lock instead of failing, and all pending
 * migrations run in one transaction: a failed one leaves the schema as it was.
 */
export async function migrateToLatest(database: Database, log: (line: string) => void = () => undefined): Promise<string[]> {
  const client = await database.pool.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      migrationsTable: MIGRATIONS_TABLE,
      direction: 'up',
      singleTransaction: true,
      advisoryLockMode: 'wait',
      checkOrder: true,
      log: () => undefined,
    });
    for (const migration of applied) log(`database schema: applied ${migration.name}`);
    return applied.map((migration) => migration.name);
  } finally {
    client.release();
  }
}
