import { ConfigError, readStorageChoice } from '../config/environment.ts';
import { parseStoreArgs, runStoreCommand, STORE_USAGE, StoreUsageError } from './runStoreCommand.ts';

/** `npm run store -- …`: prints one JSON line on success; exit 2 for bad usage, 1 for failures. */
async function main(): Promise<number> {
  try {
    const command = parseStoreArgs(process.argv.slice(2));
    process.stdout.write(`${JSON.stringify(await runStoreCommand(readStorageChoice(), command))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof StoreUsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n${STORE_USAGE}\n`);
      return 2;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
