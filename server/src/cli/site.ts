import { readPublicUrl, readStorageChoice } from '../config/environment.ts';
import { USAGE, UsageError, parseSiteArgs, type SiteCommand } from './parseSiteArgs.ts';
import { runSiteCommand } from './runSiteCommand.ts';

/** `npm run site -- …`: prints one JSON line on success; exit 2 for bad usage, 1 for failures. */
async function main(): Promise<number> {
  let command: SiteCommand;
  try {
    command = parseSiteArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(`${JSON.stringify(await runSiteCommand(readStorageChoice(), command, readPublicUrl()))}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
