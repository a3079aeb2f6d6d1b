import type { Clock } from './clock.ts';
import { ApiError } from './errors.ts';
import { memorySharedState } from './sharedState/memorySharedState.ts';
import type { SharedState } from './sharedState/SharedState.ts';
import { LowdbStore } from './store/lowdbStore.ts';
import { pgSharedState } from './store/postgres/pgSharedState.ts';
import { PgStore } from './store/postgres/pgStore.ts';
import type { Store } from './store/Store.ts';

/** Where a server keeps its data: the embedded lowdb files (the default), or PostgreSQL. */
export type StorageChoice = { dataFile: string } | { databaseUrl: string };

export interface Storage {
  readonly store: Store;
  readonly shared: SharedState;
  /** What the server prints at start (no password). */
  readonly description: string;
  /** Tells `npm run site` how to reach this running server (the embedded store's file is locked while it runs). */
  advertise(admin: { adminUrl: string; adminToken: string }): Promise<void>;
  /** Throws (ApiError 503) when the store can't serve: the database unreachable, the data file no longer ours. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded store lives in this one process, so its ceremonies and rate limits can too;
 * PostgreSQL is for several servers, so they go to the database with the data.
 */
export async function openStorage(choice: StorageChoice, clock: Clock, log?: (line: string) => void): Promise<Storage> {
  if ('databaseUrl' in choice) {
    const store = await PgStore.open(choice.databaseUrl, log ? { log } : {});
    return {
      store,
      shared: pgSharedState(store.database, clock),
      description: `PostgreSQL ${store.describe()}`,
      // Every server and `npm run site` go to the database directly.
      advertise: async () => undefined,
      checkReady: async () => {
        await store.database.query('SELECT 1');
      },
      close: () => store.close(),
    };
  }
  const store = await LowdbStore.open(choice.dataFile);
  return {
    store,
    shared: memorySharedState(clock),
    description: `data file ${choice.dataFile}`,
    advertise: (admin) => store.lock.advertise(admin),
    checkReady: async () => {
      if (!store.writable) throw new ApiError('storage_failed', 'the data file is closed or owned by another process');
    },
    close: () => store.close(),
  };
}
