import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EXTENSION_ORIGIN, partnersReplySchema, siteCreatedReplySchema, type SiteCreatedReply } from '@pkc/shared';
import { mintConsoleInvite, readEnvironment, registerSite, startCompanionServer, systemClock } from '@pkc/server';
import { EXTENSION_PATH } from '../harness/device.ts';
import { ALICE, BOB, CAROL } from '../harness/stack.ts';
import { Outbox } from '../site/outbox.ts';
import { startPartnerSite } from '../site/startPartnerSite.ts';

/**
 * `npm start`: the companion server and the reference partner site, ready to try by hand.
 * The shop's registration (siteId + secret) is kept next to the data file so a restart
 * reuses it; the secret exists nowhere else in the clear.
 */
// The same settings as `npm run server` (config/environment.ts), plus the shop's port.
const environment = (() => {
  try {
    return readEnvironment();
  } catch (error) {
    console.error(`Bad setting:\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
})();
const storage = environment.storage;
const shopPort = Number(process.env.SHOP_PORT ?? 4000);
/** Beside the data file, or in data/ when the data is in PostgreSQL. */
const shopStateFile = join('dataFile' in storage ? dirname(storage.dataFile) : resolve('data'), 'shop-site.json');

async function readShopRegistration(companionUrl: string): Promise<SiteCreatedReply | undefined> {
  let saved: SiteCreatedReply;
  try {
    saved = siteCreatedReplySchema.parse(JSON.parse(await readFile(shopStateFile, 'utf8')));
  } catch {
    return undefined;
  }
  const { partners } = partnersReplySchema.parse(
    await (await fetch(`${companionUrl}/v1/ext/partners`, { headers: { origin: EXTENSION_ORIGIN } })).json(),
  );
  return partners.some((partner) => partner.siteId === saved.siteId) ? saved : undefined;
}

async function main(): Promise<void> {
  await mkdir(dirname(shopStateFile), { recursive: true });
  const companion = await startCompanionServer({
    port: environment.port,
    ...storage,
    ...(environment.publicUrl === undefined ? {} : { publicUrl: environment.publicUrl }),
    allowedExtensionOrigins: environment.allowedExtensionOrigins,
    rateLimits: environment.rateLimits,
    trustProxy: environment.trustProxy,
    consoleSelfService: environment.consoleSelfService,
  });
  const shop = await startPartnerSite({
    hostname: 'shop.localhost',
    port: shopPort,
    siteName: 'Shop',
    users: [ALICE, BOB, CAROL],
    demoHint:
      `Demo accounts: ${ALICE.username} / ${ALICE.password}, ${BOB.username} / ${BOB.password}, ` +
      `${CAROL.username} / ${CAROL.password} (then an emailed code, printed by npm start)`,
    outbox: new Outbox((message) => console.log(`[shop] email to ${message.to}: ${message.subject}: ${message.code}`)),
    log: (message) => console.log(`[shop] ${message}`),
    async register(site) {
      const existing = await readShopRegistration(companion.url);
      if (existing) return { companionUrl: companion.url, ...existing };
      const created = await registerSite(companion.store, {
        name: 'Shop',
        origins: [site.origin],
        loginCallback: site.loginCallback,
        rpId: site.rpId,
      });
      await writeFile(shopStateFile, `${JSON.stringify(created)}\n`, { mode: 0o600 });
      await chmod(shopStateFile, 0o600);
      console.log(`Registered the reference partner site ${site.origin} as ${created.siteId}.`);
      return { companionUrl: companion.url, ...created };
    },
  });

  // A fresh one-time link per start: the shop's owner gets into the console with it.
  const consoleLink = await mintConsoleInvite(companion.store, systemClock, companion.url, shop.siteId, 'cli');
  console.log(`
Passkey Companion is running.
  companion server   ${companion.url}   (${companion.storage})
  partner site       ${shop.origin}

Load the extension in Chromium: chrome://extensions → Developer mode → Load unpacked →
  ${EXTENSION_PATH}
Then open ${shop.origin}, sign in as ${ALICE.username} / ${ALICE.password} and accept the passkey offer.
Sign out, type "${ALICE.username}" and move on from the field: the passkey signs you in.
The shop's console (what passkeys did, steering): ${companion.url}/console/
  first time, enrol a passkey with this one-time link (60 minutes): ${consoleLink.link}
Press Ctrl+C to stop.`);

  const stop = async () => {
    await shop.close();
    await companion.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
