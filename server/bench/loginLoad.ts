import { randomBytes } from 'node:crypto';
import {
  appendGrantReplySchema,
  appendStartReplySchema,
  loginStartReplySchema,
  type CreationOptions,
  type RequestOptions,
} from '@pkc/shared';
import { SoftAuthenticator } from '../src/testing/softAuthenticator.ts';
import { BENCH_EXTENSION_ORIGIN, BENCH_ORIGIN, BENCH_SECRET, BENCH_SITE_ID } from './dataset.ts';
import { expectOk, JsonClient } from './httpClient.ts';
import { PEER_ORIGIN } from './peerServer.ts';

/*
 * What the benchmark's clients do: register a passkey once, then log in again and again
 * (start + sign + finish), or ask for decisions only. The same loop drives the companion and
 * the minimal peer; only the two requests' shapes differ.
 */

export interface LoginUser {
  username: string;
  key: SoftAuthenticator;
}

export interface LoginTarget {
  register(username: string): Promise<LoginUser>;
  login(user: LoginUser): Promise<void>;
  close(): void;
}

/** Client signals as the extension sends them; one device per user, the one its passkey was made on. */
export function benchClient(username: string) {
  const devicePseudonym = `bench-${Buffer.from(username).toString('base64url')}`.slice(0, 64).padEnd(16, 'x');
  return { os: 'linux' as const, browser: 'chromium', mobile: false, platformAuthenticator: true, capabilities: {}, devicePseudonym };
}

/** The companion at `url`, or at several servers taken in turn per request (JsonClient). */
export function companionTarget(url: string | readonly string[], concurrency: number): LoginTarget {
  const ext = new JsonClient(url, concurrency, { origin: BENCH_EXTENSION_ORIGIN });
  const owner = new JsonClient(url, 1, { authorization: `Bearer ${BENCH_SECRET}` });
  const site = { siteId: BENCH_SITE_ID, origin: BENCH_ORIGIN };
  return {
    async register(username) {
      const key = new SoftAuthenticator();
      const userId = `bench-${randomBytes(6).toString('hex')}`;
      const { grant } = appendGrantReplySchema.parse(
        await expectOk(owner.post(`/v1/sites/${BENCH_SITE_ID}/append-grants`, { userId, username }), 'grant'),
      );
      const start = appendStartReplySchema.parse(
        await expectOk(ext.post('/v1/ext/append/start', { ...site, grant, client: benchClient(username) }), 'append start'),
      );
      if (start.decision !== 'offer') throw new Error(`no append offer for ${username}: ${start.reason.code}`);
      const response = key.create(start.ceremony.options, BENCH_ORIGIN);
      await expectOk(
        ext.post('/v1/ext/append/finish', { ceremonyId: start.ceremony.ceremonyId, origin: BENCH_ORIGIN, response }),
        'append finish',
      );
      return { username, key };
    },
    async login({ username, key }) {
      const start = loginStartReplySchema.parse(
        await expectOk(ext.post('/v1/ext/login/start', { ...site, username, client: benchClient(username) }), 'login start'),
      );
      if (start.decision === 'password') throw new Error(`password decision for ${username}: ${start.reason.code}`);
      const response = key.get(start.ceremony.options, BENCH_ORIGIN);
      await expectOk(
        ext.post('/v1/ext/login/finish', { ceremonyId: start.ceremony.ceremonyId, origin: BENCH_ORIGIN, response }),
        'login finish',
      );
    },
    close: () => {
      ext.close();
      owner.close();
    },
  };
}

export function peerTarget(url: string, concurrency: number): LoginTarget {
  const client = new JsonClient(url, concurrency);
  return {
    async register(username) {
      const key = new SoftAuthenticator();
      const start = (await expectOk(client.post('/register/start', { username }), 'register start')) as {
        ceremonyId: string;
        options: CreationOptions;
      };
      const response = key.create(start.options, PEER_ORIGIN);
      await expectOk(client.post('/register/finish', { ceremonyId: start.ceremonyId, response }), 'register finish');
      return { username, key };
    },
    async login({ username, key }) {
      const { ceremony } = (await expectOk(client.post('/login/start', { username }), 'login start')) as {
        ceremony: { ceremonyId: string; options: RequestOptions };
      };
      const response = key.get(ceremony.options, PEER_ORIGIN);
      await expectOk(client.post('/login/finish', { ceremonyId: ceremony.ceremonyId, response }), 'login finish');
    },
    close: () => client.close(),
  };
}

export interface LoadResult {
  perSec: number;
  latenciesMs: number[];
}

/** Every user logs in over and over, one login at a time each, until the time is up. */
export async function loginLoad(target: LoginTarget, users: readonly LoginUser[], durationMs: number): Promise<LoadResult> {
  return repeatFor(durationMs, users.length, (worker) => target.login(users[worker] as LoginUser));
}

/** Decisions only (login start) for random known usernames: what every login page asks first. */
export async function decisionLoad(
  url: string | readonly string[],
  usernames: readonly string[],
  durationMs: number,
  concurrency = 1,
): Promise<LoadResult> {
  const client = new JsonClient(url, concurrency, { origin: BENCH_EXTENSION_ORIGIN });
  try {
    return await repeatFor(durationMs, concurrency, async () => {
      const username = usernames[Math.floor(Math.random() * usernames.length)] ?? '';
      const reply = { siteId: BENCH_SITE_ID, origin: BENCH_ORIGIN, username, client: benchClient(username) };
      loginStartReplySchema.parse(await expectOk(client.post('/v1/ext/login/start', reply), 'decision'));
    });
  } finally {
    client.close();
  }
}

async function repeatFor(durationMs: number, workers: number, job: (worker: number) => Promise<void>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const until = started + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await job(worker);
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { perSec: latenciesMs.length / ((performance.now() - started) / 1000), latenciesMs };
}
