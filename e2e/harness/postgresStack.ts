import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgStore, registerSite, startLocalCluster, type LocalCluster } from '@pkc/server';
import { startPartnerSite, type RunningPartnerSite } from '../site/startPartnerSite.ts';
import { CompanionProcess } from './companionProcess.ts';
import { RoundRobinProxy } from './roundRobinProxy.ts';
import { ALICE, BOB, CAROL } from './stack.ts';

export interface PostgresStack {
  /** What the extension and the shop talk to: the load balancer. */
  companionUrl: string;
  proxy: RoundRobinProxy;
  servers: CompanionProcess[];
  /** The database, opened beside the servers: what was really stored. */
  store: PgStore;
  shop: RunningPartnerSite;
  close(): Promise<void>;
}

/**
 * A deployment in miniature: a PostgreSQL server of the spec's own, two companion server
 * processes on it behind a round-robin load balancer (both with the balancer's URL as their
 * public URL, so one issuer), and the shop registered through the database.
 */
export async function startPostgresStack(): Promise<PostgresStack> {
  const cluster: LocalCluster = await startLocalCluster({ dir: await mkdtemp(join(tmpdir(), 'pkc-e2e-pg-')), throwaway: true });
  const databaseUrl = await cluster.createDatabase('companion');
  const proxy = await RoundRobinProxy.start('localhost');
  const env = {
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: proxy.url,
    // Every request reaches the servers from the balancer's address: lift the limits out of a spec's reach.
    RATE_LIMIT_PER_IP: '100000',
    RATE_LIMIT_PER_USERNAME: '10000',
    RATE_LIMIT_PER_USERNAME_ALL_IPS: '100000',
  };
  let servers: CompanionProcess[] = [];
  try {
    servers = await Promise.all([CompanionProcess.start(env), CompanionProcess.start(env)]);
    proxy.use(servers.map((server) => server.url));
    const store = await PgStore.open(databaseUrl);
    const shop = await startPartnerSite({
      hostname: 'shop.localhost',
      port: 0,
      siteName: 'Shop',
      users: [ALICE, BOB, CAROL],
      register: async (site) => ({
        companionUrl: proxy.url,
        ...(await registerSite(store, { name: 'Shop', origins: [site.origin], loginCallback: site.loginCallback, rpId: site.rpId })),
      }),
    });
    return {
      companionUrl: proxy.url,
      proxy,
      servers,
      store,
      shop,
      async close() {
        await shop.close();
        await Promise.all(servers.map((server) => server.stop()));
        await proxy.close();
        await store.close();
        await cluster.stop({ remove: true });
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.kill()));
    await proxy.close();
    await cluster.stop({ remove: true });
    throw error;
  }
}
