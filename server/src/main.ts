import { pino } from 'pino';
import { ConfigError, describeEnvironment, readEnvironment, type CompanionEnvironment } from './config/environment.ts';
import { startCompanionServer, type RunningCompanionServer } from './index.ts';

/**
 * `npm run server` / `node server/dist/main.js`: the companion server alone, configured from
 * the environment (config/environment.ts), logging JSON lines to stdout. Exit 2 for a bad
 * setting, 1 when it can't start (the database unreachable, the data file in use or damaged),
 * 0 after a clean stop. SIGTERM or SIGINT: stop accepting, let requests in flight finish (up
 * to SHUTDOWN_GRACE_MS), flush the store, exit 0; a second signal exits at once (1).
 */
async function main(): Promise<void> {
  let environment: CompanionEnvironment;
  try {
    environment = readEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Bad setting:\n${error.message}\n`);
    process.exit(2);
  }
  const logger = pino({ level: environment.logLevel, base: { service: 'passkey-companion' } });
  logger.info({ settings: describeEnvironment(environment) }, 'starting');
  let server: RunningCompanionServer;
  try {
    server = await startCompanionServer({
      host: environment.host,
      port: environment.port,
      ...environment.storage,
      // Without PUBLIC_URL: http://localhost:<the port actually bound> (PORT=0 picks one).
      ...(environment.publicUrl === undefined ? {} : { publicUrl: environment.publicUrl }),
      allowedExtensionOrigins: environment.allowedExtensionOrigins,
      rateLimits: environment.rateLimits,
      trustProxy: environment.trustProxy,
      consoleSelfService: environment.consoleSelfService,
      logger,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.fatal({ reason }, 'cannot start');
    process.stderr.write(`Cannot start: ${reason}\n`);
    process.exit(1);
  }
  logger.info({ url: server.url, host: environment.host, port: server.port, storage: server.storage }, 'listening');

  const running = server;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceMs: environment.shutdownGraceMs }, 'stopping: finishing requests in flight');
    running.close({ graceMs: environment.shutdownGraceMs }).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
