import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { systemClock } from '../clock.ts';
import { readDataSet, writeDataSetFiles } from '../store/dataSetFiles.ts';
import { readLiveLock } from '../store/fileLock.ts';
import { LowdbStore } from '../store/lowdbStore.ts';
import { shardDirFor } from '../store/manifest.ts';
import { exportDataSet, importDataSet } from '../store/postgres/dataSetTransfer.ts';
import { PgStore } from '../store/postgres/pgStore.ts';
import type { StorageChoice } from '../storage.ts';
import { KeyRing } from '../tokens/keyRing.ts';
import { LOGIN_TOKEN_TTL_S } from '../tokens/loginTokens.ts';

export type StoreCommand =
  | { kind: 'import'; file: string; replace: boolean }
  | { kind: 'export'; file: string; replace: boolean }
  | { kind: 'migrate' }
  | { kind: 'rotate-signing-key' };

export const STORE_USAGE = `usage:
  npm run store -- import FILE [--replace]   copy the embedded data set at FILE into DATABASE_URL
  npm run store -- export FILE [--replace]   copy DATABASE_URL into a new embedded data set at FILE
  npm run store -- migrate                   bring DATABASE_URL's schema up to this version
  npm run store -- rotate-signing-key        add the next login-token key (DATABASE_URL, or DATA_FILE with no server running)
A non-empty target is refused unless --replace is given.`;

export class StoreUsageError extends Error {}

export function parseStoreArgs(argv: readonly string[]): StoreCommand {
  const [command, ...rest] = argv;
  const replace = rest.includes('--replace');
  const positional = rest.filter((arg) => arg !== '--replace');
  const unknown = positional.find((arg) => arg.startsWith('--'));
  if (unknown) throw new StoreUsageError(`unknown option ${unknown}`);
  switch (command) {
    case 'import':
    case 'export': {
      const [file, ...extra] = positional;
      if (file === undefined || extra.length > 0) throw new StoreUsageError(`${command} needs exactly one FILE`);
      return { kind: command, file, replace };
    }
    case 'migrate':
    case 'rotate-signing-key':
      if (positional.length > 0 || replace) throw new StoreUsageError(`${command} takes no arguments`);
      return { kind: command };
    case undefined:
      throw new StoreUsageError('missing command');
    default:
      throw new StoreUsageError(`unknown command ${command}`);
  }
}

/** What the command did, as one JSON-able line. */
export async function runStoreCommand(storage: StorageChoice, command: StoreCommand): Promise<Record<string, unknown>> {
  if (command.kind === 'rotate-signing-key') return rotateSigningKey(storage);
  if (!('databaseUrl' in storage)) throw new StoreUsageError(`${command.kind} needs DATABASE_URL (the PostgreSQL side of the copy)`);
  const store = await PgStore.open(storage.databaseUrl);
  try {
    switch (command.kind) {
      case 'migrate':
        return { ok: true, database: store.describe() };
      case 'import': {
        const data = await readDataSet(command.file);
        await importDataSet(store.database, data, { replace: command.replace });
        return { imported: counts(data), from: command.file, to: store.describe() };
      }
      case 'export': {
        await refuseToOverwrite(command.file, command.replace);
        const data = await exportDataSet(store.database);
        await writeDataSetFiles(command.file, data);
        return { exported: counts(data), from: store.describe(), to: command.file };
      }
    }
  } finally {
    await store.close();
  }
}

function counts(data: Awaited<ReturnType<typeof readDataSet>>) {
  return {
    sites: data.sites.length,
    users: data.users.length,
    credentials: data.credentials.length,
    events: data.events.length,
    consoleOwners: data.consoleOwners?.length ?? 0,
  };
}

/** An embedded data set is never written over unless asked, and never while a server owns it. */
async function refuseToOverwrite(file: string, replace: boolean): Promise<void> {
  if (!existsSync(file) && !existsSync(shardDirFor(file))) return;
  if (!replace) throw new Error(`${file} already holds a data set; pass --replace to overwrite it`);
  const lock = await readLiveLock(file);
  if (lock) throw new Error(`${file} is in use by process ${lock.pid}; stop that server first`);
  await rm(shardDirFor(file), { recursive: true, force: true });
  await rm(file, { force: true });
}

async function rotateSigningKey(storage: StorageChoice): Promise<Record<string, unknown>> {
  const store = 'databaseUrl' in storage ? await PgStore.open(storage.databaseUrl) : await LowdbStore.open(storage.dataFile);
  try {
    const ring = await KeyRing.open(store, systemClock, LOGIN_TOKEN_TTL_S * 1000);
    const kid = await ring.rotate();
    return { rotated: kid, signsFrom: (await store.listSigningKeys()).find((key) => key.kid === kid)?.notBefore };
  } finally {
    await store.close();
  }
}
