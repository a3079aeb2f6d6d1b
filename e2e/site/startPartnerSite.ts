import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCompanionSite, type CompanionSiteOptions } from '@passkey-companion/site';
import { Outbox } from './outbox.ts';
import { LOGIN_CALLBACK_PATH, createPartnerSite, type DemoUser } from './createPartnerSite.ts';

export interface StartPartnerSiteOptions {
  /** A `*.localhost` name: resolves to loopback in Chromium and is a secure context. */
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  siteName: string;
  users: DemoUser[];
  demoHint?: string;
  /**
   * Registers the site with the companion once its origin is known (the origin includes
   * the port) and returns the integration settings its backend hooks use.
   */
  register: (site: { origin: string; loginCallback: string; rpId: string }) => Promise<CompanionSiteOptions>;
  log?: (message: string) => void;
  outbox?: Outbox;
  /** Served at /.well-known/passkey-companion.json (createPartnerSite.ts `originProof`). */
  originProof?: () => unknown;
}

export interface RunningPartnerSite {
  origin: string;
  siteId: string;
  outbox: Outbox;
  integration: CompanionSiteOptions;
  close(): Promise<void>;
}

export async function startPartnerSite(options: StartPartnerSiteOptions): Promise<RunningPartnerSite> {
  // Listen first so the real port is known, then register that exact origin, then attach the app:
  // no request can arrive before the handler exists because nothing knows the port yet.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${options.hostname}:${port}`;
  const outbox = options.outbox ?? new Outbox();
  try {
    const integration = await options.register({
      origin,
      loginCallback: `${origin}${LOGIN_CALLBACK_PATH}`,
      rpId: options.hostname,
    });
    const app = await createPartnerSite({
      siteName: options.siteName,
      users: options.users,
      demoHint: options.demoHint,
      hooks: createCompanionSite(integration),
      log: options.log,
      outbox,
      ...(options.originProof === undefined ? {} : { originProof: options.originProof }),
    });
    server.on('request', app);
    return { origin, siteId: integration.siteId, integration, outbox, close: () => closeServer(server) };
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}

function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
