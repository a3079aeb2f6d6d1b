import { ConfigError, readEnvironment } from './config/environment.ts';
import { startCompanionServer } from './index.ts';

/**
 * `npm run server`: the companion server alone, configured from the environment
 * (config/environment.ts). Exit 2 for a bad setting, 1 when it can't start (the database
 * unreachable, the data file in use or damaged), 0 after a clean stop.
 */
async function main(): Promise<void> {
  let environment;
  try {
    environment = readEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Bad setting:\n${error.message}`);
    process.exit(2);
  }
  const server = await startCompanionServer({
    port: environment.port,
    ...environment.storage,
    // Without PUBLIC_URL: http://localhost:<the port actually bound> (PORT=0 picks one).
    ...(environment.publicUrl === undefined ? {} : { publicUrl: environment.publicUrl }),
    allowedExtensionOrigins: environment.allowedExtensionOrigins,
    rateLimits: environment.rateLimits,
    trustProxy: environment.trustProxy,
  });
  console.log(`Companion server on ${server.url} (port ${server.port}; ${server.storage})`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
