import { createHash, randomBytes } from 'node:crypto';
import {
  emptyData,
  type CredentialRecord,
  type DataFile,
  type EventRecord,
  type EventType,
  type UserRecord,
} from '../src/store/records.ts';

/*
 * A synthetic data set shaped like a real site's: two passkeys per user on average (a synced
 * one and a device-bound or second-provider one), and a history of a few weeks of logins,
 * offers and the odd failure. Generated in memory in seconds, deterministic per seed.
 */

export const BENCH_SITE_ID = 'site_benchmark01';
export const BENCH_ORIGIN = 'http://bench.localhost:4000';
export const BENCH_EXTENSION_ORIGIN = 'chrome-extension://benchextensionaaaaaaaaaaaaaaaaaa';
export const BENCH_SECRET = 'bench-site-secret-0123456789abcdef0123456789';

/** A valid COSE P-256 key (the bulk users never log in: their keys only have to look real). */
const SAMPLE_COSE_KEY = 'pQECAyYgASFYIFq1ZyDPtB1j5nGL6BrBt5C1b9pEVTYqHHeAvAXbMu5XIlggEXHwVqfI8vwPEDpbDb47ZmmGtd1Q2HxUM79v1WoS3Lo';

const AAGUIDS = [
  'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', // iCloud Keychain
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', // Google Password Manager
  '08987058-cadc-4b81-b6e1-30de50dcbe96', // Windows Hello
  'bada5566-a7aa-401f-bd96-45619a55120d', // 1Password
];
const DEVICES = [
  { os: 'macos', browser: 'chrome', mobile: false },
  { os: 'windows', browser: 'edge', mobile: false },
  { os: 'ios', browser: 'safari', mobile: true },
  { os: 'android', browser: 'chrome', mobile: true },
  { os: 'linux', browser: 'firefox', mobile: false },
] as const;

/** Mean events per user (the store keeps at most EVENTS_PER_USER of them). */
export const MEAN_EVENTS_PER_USER = 6;

/** mulberry32: small, fast and good enough to shape a data set. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function benchSiteSecretHash(): string {
  return createHash('sha256').update(BENCH_SECRET).digest('hex');
}

/**
 * `users` users numbered from `first` (person{first}… : a big data set can be made in slices
 * with distinct names, each slice with its own seed). Every slice names the bench site.
 */
export function generateDataSet(users: number, seed = 1, first = 0): DataFile {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const data = emptyData();
  const start = Date.UTC(2026, 8, 1);
  const iso = (ms: number) => new Date(ms).toISOString();
  data.sites.push({
    id: BENCH_SITE_ID,
    name: 'Bench shop',
    origins: [BENCH_ORIGIN],
    rpId: 'bench.localhost',
    loginCallback: `${BENCH_ORIGIN}/passkey-login`,
    secretHash: benchSiteSecretHash(),
    createdAt: iso(start),
  });
  const ids = randomBytes(users * 3 * 32);
  const idAt = (i: number) => ids.subarray(i * 32, i * 32 + 32).toString('base64url');
  for (let slot = 0; slot < users; slot += 1) {
    const i = first + slot;
    const userId = `user-${i}`;
    const createdAt = start + Math.floor(next() * 60 * 86_400_000);
    const user: UserRecord = {
      siteId: BENCH_SITE_ID,
      userId,
      username: `person${i}@example.com`,
      displayName: `Person ${i}`,
      webauthnUserId: idAt(slot * 3),
      createdAt: iso(createdAt),
    };
    data.users.push(user);
    const devices = Array.from({ length: 2 }, (_, d) => ({ ...pick(DEVICES), devicePseudonym: idAt(slot * 3 + 1).slice(0, 21) + d }));
    for (const [d, device] of devices.entries()) {
      const synced = d === 0 || next() < 0.5;
      const credential: CredentialRecord = {
        id: idAt(slot * 3 + 2).slice(0, 42) + d,
        siteId: BENCH_SITE_ID,
        userId,
        publicKey: SAMPLE_COSE_KEY,
        counter: synced ? 0 : Math.floor(next() * 200),
        transports: device.mobile ? ['internal', 'hybrid'] : ['internal'],
        aaguid: pick(AAGUIDS),
        backupEligible: synced,
        backedUp: synced,
        deviceType: synced ? 'multiDevice' : 'singleDevice',
        createdAt: iso(createdAt + d * 86_400_000),
        createdOn: device,
        lastUsedAt: iso(createdAt + 20 * 86_400_000),
        lastUsedOn: device,
      };
      data.credentials.push(credential);
    }
    const count = Math.floor(next() * (2 * MEAN_EVENTS_PER_USER + 1));
    for (let e = 0; e < count; e += 1) {
      const roll = next();
      const type: EventType = roll < 0.7 ? 'login-success' : roll < 0.8 ? 'login-failure' : roll < 0.9 ? 'append-offer' : 'append-create';
      const event: EventRecord = {
        siteId: BENCH_SITE_ID,
        userId,
        type,
        devicePseudonym: pick(devices).devicePseudonym,
        at: iso(createdAt + e * 3_600_000),
        ...(type === 'login-success' ? { detail: 'platform' } : type === 'login-failure' ? { detail: 'NotAllowedError' } : {}),
      };
      data.events.push(event);
    }
  }
  return data;
}
