import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  ERROR_CODES,
  appendDeclineBodySchema,
  appendFinishBodySchema,
  appendGrantBodySchema,
  appendStartBodySchema,
  errorBodySchema,
  isErrorCode,
  loginFailureBodySchema,
  loginFinishBodySchema,
  loginStartBodySchema,
  siteRegistrationSchema,
  tokenVerifyBodySchema,
} from '@pkc/shared';
import { readDataSet } from '../store/dataSetFiles.ts';
import { readLock } from '../store/fileLock.ts';
import type { DataFile } from '../store/records.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { clientSignals } from '../testing/testServer.ts';
import { asJson, mutate, Prng, unknownId, type BadBody, type Json } from './fuzzing.ts';
import { device, startSecurityServer, type SecurityServer, type Site } from './harness.ts';

/*
 * Garbage in is a 4xx with an error code, never a 500, never a crash, and changes nothing
 * (STYLE §2, ARCHITECTURE §7). Every POST endpoint gets a few hundred bodies mutated from a
 * valid one; the finish endpoints get live ceremonies so broken CBOR, signatures and client
 * data reach the WebAuthn verification. Seeded: a failure names its seed and case.
 */

const SEED = 0x5eed_2024;
const CASES_PER_ENDPOINT = 280;
const LIVE_CEREMONIES = 80;
const PARALLEL = 12;

let server: SecurityServer;
let shop: Site;
let adminToken: string;
const alice = new SoftAuthenticator();
const aliceDevice = device('alice');
let aliceCredential: string;
const liveLogins: Json[] = [];
const liveAppends: Json[] = [];

beforeAll(async () => {
  server = await startSecurityServer();
  shop = await server.addSite('shop.localhost');
  aliceCredential = await server.register(shop, 'u-alice', 'alice', alice, aliceDevice);
  // One real login moves the counter to 1; the bases below repeat 1, so even a mutation that
  // keeps the signature valid fails (counter), and nothing is updated.
  const first = await server.loginOptions(shop, 'alice', aliceDevice);
  await server.call('/v1/ext/login/finish', {
    body: { ceremonyId: first.ceremonyId, origin: shop.origin, response: alice.get(first.options, shop.origin, { counter: 1 }) },
  });
  const live = Array.from({ length: LIVE_CEREMONIES }, (_, i) => i);
  const duplicateId = new Uint8Array(Buffer.from(aliceCredential, 'base64url'));
  await inBatches(
    live.map(() => async () => {
      const ceremony = await server.loginOptions(shop, 'alice', aliceDevice);
      const response = alice.get(ceremony.options, shop.origin, { counter: 1 });
      liveLogins.push(asJson({ ceremonyId: ceremony.ceremonyId, origin: shop.origin, response }));
    }),
  );
  await inBatches(
    live.map(() => async () => {
      const ceremony = await server.offer(shop, 'u-bob', 'bob', device('bob'));
      // Alice's credential id: even an attestation that still verifies is refused (409).
      const response = new SoftAuthenticator().create(ceremony.options, shop.origin, { credentialId: duplicateId });
      liveAppends.push(asJson({ ceremonyId: ceremony.ceremonyId, origin: shop.origin, response }));
    }),
  );
  const lock = await readLock(server.dataFile);
  if (!lock?.adminToken) throw new Error('no admin token in the lock file');
  adminToken = lock.adminToken;
}, 60_000);
afterAll(async () => {
  agent.destroy();
  await server.stop();
});

interface Target {
  path: () => string;
  schema: z.ZodType;
  /** A valid body for case `i` (live ceremonies first, then ids that name nothing). */
  base: (rng: Prng, i: number) => Json;
  headers?: () => Record<string, string>;
}

function targets(): Record<string, Target> {
  const client = asJson(clientSignals(aliceDevice));
  const ext = (path: string, schema: z.ZodType, base: Target['base']): Target => ({ path: () => path, schema, base });
  const site = { authorization: `Bearer ${shop.secret}` };
  return {
    'login/start': ext('/v1/ext/login/start', loginStartBodySchema, () => ({
      siteId: shop.siteId,
      origin: shop.origin,
      username: 'alice',
      client,
    })),
    'login/finish': ext(
      '/v1/ext/login/finish',
      loginFinishBodySchema,
      (rng, i) => liveLogins[i] ?? withCeremony(liveLogins[0], unknownId(rng, 'cer_')),
    ),
    'login/failure': ext('/v1/ext/login/failure', loginFailureBodySchema, (rng) => ({
      ceremonyId: unknownId(rng, 'cer_'),
      origin: shop.origin,
      errorName: 'NotAllowedError',
    })),
    'append/start': ext('/v1/ext/append/start', appendStartBodySchema, (rng) => ({
      siteId: shop.siteId,
      origin: shop.origin,
      grant: unknownId(rng, ''),
      client,
    })),
    'append/finish': ext(
      '/v1/ext/append/finish',
      appendFinishBodySchema,
      (rng, i) => liveAppends[i] ?? withCeremony(liveAppends[0], unknownId(rng, 'cer_')),
    ),
    'append/decline': ext('/v1/ext/append/decline', appendDeclineBodySchema, (rng) => ({
      ceremonyId: unknownId(rng, 'cer_'),
      origin: shop.origin,
      choice: 'skip',
    })),
    'append-grants': {
      path: () => `/v1/sites/${shop.siteId}/append-grants`,
      schema: appendGrantBodySchema,
      base: () => ({ userId: 'u-new', username: 'new', displayName: 'New' }),
      headers: () => site,
    },
    'login-tokens/verify': {
      path: () => `/v1/sites/${shop.siteId}/login-tokens/verify`,
      schema: tokenVerifyBodySchema,
      base: (rng) => ({ token: `${unknownId(rng, 'eyJ')}.${unknownId(rng, 'eyJ')}.${unknownId(rng, '')}` }),
      headers: () => site,
    },
    'admin/sites': {
      path: () => '/v1/admin/sites',
      schema: siteRegistrationSchema,
      base: () => ({ name: 'Fuzz', origins: ['http://fuzz.localhost:4000'], loginCallback: 'http://fuzz.localhost:4000/cb' }),
      headers: () => ({ authorization: `Bearer ${adminToken}` }),
    },
  };
}

/** A finish body whose ceremony id names nothing (once the live ones are used up). */
function withCeremony(body: Json | undefined, ceremonyId: string): Json {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('no live body to copy');
  return { ...body, ceremonyId };
}

interface Outcome {
  label: string;
  status: number;
  problem?: string;
}

function stillValid(schema: z.ZodType, body: BadBody): boolean {
  if (body.contentType !== 'application/json') return false;
  try {
    return schema.safeParse(JSON.parse(body.text)).success;
  } catch {
    return false;
  }
}

/** node:http with keep-alive: a fraction of fetch's per-request cost, for thousands of requests. */
const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });
function post(path: string, body: BadBody, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${server.url}${path}`,
      { method: 'POST', agent, headers: { 'content-type': body.contentType, ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body.text);
  });
}

async function send(label: string, path: string, body: BadBody, headers: Record<string, string>, valid: boolean): Promise<Outcome> {
  const { status, text } = await post(path, body, headers);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { label, status, problem: `not JSON: ${text.slice(0, 80)}` };
  }
  if (status >= 500) return { label, status, problem: `server error ${text.slice(0, 120)}` };
  if (status < 400) return valid ? { label, status } : { label, status, problem: 'accepted an invalid body' };
  const error = errorBodySchema.safeParse(json);
  if (!error.success) return { label, status, problem: `no error body: ${text.slice(0, 80)}` };
  const { code } = error.data.error;
  if (!isErrorCode(code) || ERROR_CODES[code] !== status) return { label, status, problem: `code ${code} does not fit ${status}` };
  return { label, status };
}

async function inBatches<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i += PARALLEL) results.push(...(await Promise.all(jobs.slice(i, i + PARALLEL).map((job) => job()))));
  return results;
}

function readStore(): Promise<DataFile> {
  return readDataSet(server.dataFile);
}

describe('fuzzing every endpoint', () => {
  it(`answers ${CASES_PER_ENDPOINT} bad bodies per endpoint with 4xx + code, and the store is unchanged (seed ${SEED})`, async () => {
    const before = await readStore();
    const rng = new Prng(SEED);
    const jobs: (() => Promise<Outcome>)[] = [];
    for (const [name, target] of Object.entries(targets())) {
      for (let i = 0; i < CASES_PER_ENDPOINT; i += 1) {
        const body = mutate(rng, target.base(rng, i));
        const label = `${name} #${i} (seed ${SEED}): ${body.what}`;
        jobs.push(() => send(label, target.path(), body, target.headers?.() ?? {}, stillValid(target.schema, body)));
      }
    }
    // Garbage in the path, too.
    for (let i = 0; i < 60; i += 1) {
      const garbage = encodeURIComponent(rng.bytes(1 + rng.int(60)).toString('latin1'));
      const path = rng.pick([
        `/v1/sites/${garbage}/append-grants`,
        `/v1/admin/sites/${garbage}/rotate-secret`,
        `/v1/sites/${garbage}/login-tokens/verify`,
      ]);
      const headers = { authorization: `Bearer ${path.startsWith('/v1/admin') ? adminToken : shop.secret}` };
      jobs.push(() =>
        send(`path #${i} ${path.slice(0, 60)}`, path, { text: '{}', contentType: 'application/json', what: 'path' }, headers, false),
      );
    }
    // Percent-encoding that doesn't decode (express throws a URIError for the path parameter)
    // and bodies that claim a compression they don't have (the inflate step fails).
    for (const bad of ['%ZZ', '%E0%A4%A', '%', 'site_%C0%AFxxxxxxxx']) {
      for (const path of [
        `/v1/sites/${bad}/append-grants`,
        `/v1/sites/${bad}/login-tokens/verify`,
        `/v1/admin/sites/${bad}/rotate-secret`,
      ]) {
        const headers = { authorization: `Bearer ${path.startsWith('/v1/admin') ? adminToken : shop.secret}` };
        jobs.push(() =>
          send(`undecodable path ${path}`, path, { text: '{}', contentType: 'application/json', what: 'path' }, headers, false),
        );
      }
    }
    for (const encoding of ['gzip', 'deflate', 'br']) {
      for (const [name, target] of Object.entries(targets())) {
        const body = { text: 'garbagegarbage', contentType: 'application/json', what: `not ${encoding}` };
        jobs.push(() =>
          send(`${name} claims ${encoding}`, target.path(), body, { ...target.headers?.(), 'content-encoding': encoding }, false),
        );
      }
    }
    const outcomes = await inBatches(jobs);
    const problems = outcomes.filter((outcome) => outcome.problem !== undefined);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status >= 400).length).toBeGreaterThan(outcomes.length * 0.9);

    // The process is alive and the store changed only as designed.
    expect((await server.call('/v1/ext/partners')).status).toBe(200);
    const after = await readStore();
    expect(after.users).toEqual(before.users);
    expect(after.credentials).toEqual(before.credentials);
    expect(after.signingKey).toEqual(before.signingKey);
    expect(after.usedTokens).toEqual(before.usedTokens);
    const created = outcomes.filter((outcome) => outcome.label.startsWith('admin/sites') && outcome.status === 201).length;
    expect(after.sites.slice(0, before.sites.length)).toEqual(before.sites);
    expect(after.sites).toHaveLength(before.sites.length + created);
    // Failed passkey logins are recorded by design (flow F4); nothing else is.
    const known = new Set(before.events.map((event) => JSON.stringify(event)));
    const added = after.events.filter((event) => !known.has(JSON.stringify(event)));
    expect(added.every((event) => event.type === 'login-failure')).toBe(true);
  }, 60_000);
});
