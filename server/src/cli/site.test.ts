import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXTENSION_ORIGIN, inviteCreatedReplySchema, partnersReplySchema, siteAuditReplySchema, siteCreatedReplySchema } from '@pkc/shared';
import { startCompanionServer } from '../index.ts';
import { PgStore } from '../store/postgres/pgStore.ts';
import { freshDatabase } from '../testing/postgres.ts';
import { parseSiteArgs, UsageError } from './parseSiteArgs.ts';

const run = promisify(execFile);
const TSX = resolve('node_modules/.bin/tsx');
const CLI = resolve('server/src/cli/site.ts');

let dir: string;
let dataFile: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pkc-cli-'));
  dataFile = join(dir, 'companion.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const site = (...args: string[]) =>
  run(TSX, [CLI, ...args], { env: { ...process.env, DATA_FILE: dataFile } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
const ADD = ['add', '--name', 'Shop', '--origin', 'http://shop.localhost:4000', '--login-callback', 'http://shop.localhost:4000/cb'];

describe('npm run site', { timeout: 15_000 }, () => {
  it('set-policy: the pause switch through a running server, live at once; a policy that is not one is refused (exit 2)', async () => {
    const server = await startCompanionServer({ port: 0, dataFile });
    try {
      const added = await site(...ADD);
      const { siteId } = siteCreatedReplySchema.parse(JSON.parse(added.stdout));
      expect((await site('set-policy', siteId, '{"paused":true}')).code).toBe(0);
      expect((await server.store.getSite(siteId))?.policy).toEqual({ paused: true });
      const refused = await site('set-policy', siteId, '{"rollout":{"percent":150}}');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/rollout\.percent/);
      expect((await site('set-policy', siteId, 'not json')).code).toBe(2);
      expect((await site('set-policy', siteId, '{}')).code).toBe(0);
      expect((await server.store.getSite(siteId))?.policy).toBeUndefined();
      // The site's audit list: who changed what, newest first, never the secret.
      const { secret } = siteCreatedReplySchema.parse(JSON.parse(added.stdout));
      const audit = siteAuditReplySchema.parse(
        await (await fetch(`${server.url}/v1/sites/${siteId}/audit`, { headers: { authorization: `Bearer ${secret}` } })).json(),
      );
      expect(audit.entries.map((entry) => [entry.actor, entry.action, entry.detail])).toEqual([
        ['cli', 'policy-changed', '{}'],
        ['cli', 'policy-changed', '{"paused":true}'],
        ['cli', 'site-added', 'origins http://shop.localhost:4000'],
      ]);
      expect(JSON.stringify(audit)).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it('with DATABASE_URL registers straight into PostgreSQL', async () => {
    const databaseUrl = await freshDatabase();
    const added = await run(TSX, [CLI, ...ADD], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    const { siteId } = siteCreatedReplySchema.parse(JSON.parse(added.stdout));
    const store = await PgStore.open(databaseUrl);
    expect((await store.getSite(siteId))?.origins).toEqual(['http://shop.localhost:4000']);
    await store.close();
  });

  it('registers with a running server over loopback: the site is live at once', async () => {
    const server = await startCompanionServer({ port: 0, dataFile });
    try {
      const added = await site(...ADD);
      expect(added.code).toBe(0);
      expect(added.stdout.trim().split('\n')).toHaveLength(1);
      const { siteId } = siteCreatedReplySchema.parse(JSON.parse(added.stdout));
      const partners = partnersReplySchema.parse(
        await (await fetch(`${server.url}/v1/ext/partners`, { headers: { origin: EXTENSION_ORIGIN } })).json(),
      );
      expect(partners.partners).toContainEqual({ siteId, name: 'Shop', origins: ['http://shop.localhost:4000'] });
    } finally {
      await server.close();
    }
  });

  it('edits a stopped server’s data file, and the server serves it after start', async () => {
    const added = await site(...ADD, '--rp-id', 'localhost');
    expect(added.code).toBe(0);
    const { siteId } = siteCreatedReplySchema.parse(JSON.parse(added.stdout));
    const server = await startCompanionServer({ port: 0, dataFile });
    try {
      const partners = partnersReplySchema.parse(
        await (await fetch(`${server.url}/v1/ext/partners`, { headers: { origin: EXTENSION_ORIGIN } })).json(),
      );
      expect(partners.partners.map((partner) => partner.siteId)).toEqual([siteId]);
    } finally {
      await server.close();
    }
  });

  it('exits 2 with a message for bad flags', async () => {
    const bad = await site('add', '--name', 'Shop', '--origin', 'not-an-origin', '--login-callback', 'http://x/cb');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/origins/);
  });
});

describe('parseSiteArgs', () => {
  it('parses add with repeated origins', () => {
    expect(parseSiteArgs([...ADD, '--origin', 'https://shop.example'])).toEqual({
      kind: 'add',
      registration: {
        name: 'Shop',
        origins: ['http://shop.localhost:4000', 'https://shop.example'],
        loginCallback: 'http://shop.localhost:4000/cb',
      },
    });
  });

  it("parses the site owner's login-field selectors", () => {
    const parsed = parseSiteArgs([...ADD, '--username-selector', '#member-number', '--submit-selector', 'form#m button']);
    expect(parsed).toMatchObject({ registration: { formOverrides: { username: '#member-number', submit: 'form#m button' } } });
    expect(parseSiteArgs(ADD)).not.toHaveProperty('registration.formOverrides');
  });

  it('parses a site policy, and refuses one out of range', () => {
    const argv = [...ADD, '--failure-threshold', '1', '--backoff-skips', '2', '--backoff-days', '7', '--never-days', '90'];
    expect(parseSiteArgs(argv)).toMatchObject({
      registration: { policy: { failureThreshold: 1, skipBackoff: { skips: 2, days: 7 }, neverOnDeviceDays: 90 } },
    });
    expect(() => parseSiteArgs([...ADD, '--failure-threshold', '0'])).toThrow(UsageError);
    expect(() => parseSiteArgs([...ADD, '--failure-threshold', 'many'])).toThrow(UsageError);
    expect(() => parseSiteArgs([...ADD, '--backoff-skips', '2'])).toThrow(/go together/);
  });

  it('refuses an origin that is a pattern (it would match every subdomain) and a callback the browser must not be sent to', () => {
    const withOrigin = (origin: string) => ['add', '--name', 'Shop', '--origin', origin, '--login-callback', 'https://shop.example/cb'];
    for (const origin of ['https://*.shop.example', 'http://*', 'https://shop.*'])
      expect(() => parseSiteArgs(withOrigin(origin))).toThrow(/origins/);
    expect(parseSiteArgs(withOrigin('http://[::1]:4000'))).toMatchObject({ registration: { origins: ['http://[::1]:4000'] } });
    for (const callback of ['javascript:alert(1)', 'localhost:4000/passkey-login', 'ftp://shop.example/cb']) {
      expect(() => parseSiteArgs(['add', '--name', 'Shop', '--origin', 'https://shop.example', '--login-callback', callback])).toThrow(
        /loginCallback/,
      );
    }
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['add', '--name', 'x']],
    [['remove']],
    [['remove', 'bogus']],
    [['add', '--bogus']],
    [['list', 'extra']],
  ])('rejects %j', (argv) => {
    expect(() => parseSiteArgs(argv)).toThrow(UsageError);
  });
});

describe('rotate-secret options', () => {
  it('takes --overlap-minutes N (0–10080) and nothing else', () => {
    expect(parseSiteArgs(['rotate-secret', 'site_abcdefgh1234'])).toEqual({
      kind: 'rotate-secret',
      siteId: 'site_abcdefgh1234',
      overlapMinutes: 0,
    });
    expect(parseSiteArgs(['rotate-secret', 'site_abcdefgh1234', '--overlap-minutes', '30'])).toMatchObject({ overlapMinutes: 30 });
    for (const bad of [['--overlap-minutes'], ['--overlap-minutes', '-1'], ['--overlap-minutes', '99999'], ['--overlap', '5']]) {
      expect(() => parseSiteArgs(['rotate-secret', 'site_abcdefgh1234', ...bad])).toThrow(UsageError);
    }
  });
});

describe('console-link', { timeout: 15_000 }, () => {
  it('prints a one-time link to the running server’s console, valid the minutes asked (default 60); stopped, from the data file', async () => {
    const server = await startCompanionServer({ port: 0, dataFile, publicUrl: 'http://console.localhost:9999' });
    let siteId: string;
    try {
      siteId = siteCreatedReplySchema.parse(JSON.parse((await site(...ADD)).stdout)).siteId;
      const started = Date.now();
      const printed = await site('console-link', siteId);
      expect(printed.code).toBe(0);
      const { link, expiresAt } = inviteCreatedReplySchema.parse(JSON.parse(printed.stdout));
      // The running server names its own public URL; the token rides in the fragment.
      expect(link).toMatch(/^http:\/\/console\.localhost:9999\/console\/#\/enrol\/inv_[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(expiresAt) - started).toBeGreaterThanOrEqual(59 * 60_000);
      expect(Date.parse(expiresAt) - started).toBeLessThanOrEqual(61 * 60_000);
      const check = await fetch(`http://127.0.0.1:${server.port}/v1/console/invites/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ invite: link.split('#/enrol/')[1] }),
      });
      expect(await check.json()).toMatchObject({ siteName: 'Shop' });
    } finally {
      await server.close();
    }
    const stopped = await site('console-link', siteId, '--minutes', '5');
    expect(stopped.code).toBe(0);
    const { expiresAt } = inviteCreatedReplySchema.parse(JSON.parse(stopped.stdout));
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect((await site('console-link', 'site_doesnotexist')).code).toBe(1);
  });

  it('takes --minutes N (1–10080) and nothing else', () => {
    expect(parseSiteArgs(['console-link', 'site_abcdefgh1234'])).toEqual({ kind: 'console-link', siteId: 'site_abcdefgh1234' });
    expect(parseSiteArgs(['console-link', 'site_abcdefgh1234', '--minutes', '30'])).toMatchObject({ minutes: 30 });
    for (const bad of [['--minutes'], ['--minutes', '0'], ['--minutes', '99999'], ['--days', '1']]) {
      expect(() => parseSiteArgs(['console-link', 'site_abcdefgh1234', ...bad])).toThrow(UsageError);
    }
  });
});
