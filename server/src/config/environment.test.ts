import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ORIGIN } from '@pkc/shared';
import { ConfigError, readEnvironment, readStorageChoice } from './environment.ts';

describe('the environment, read once by one schema', () => {
  it('defaults: port 8787, the embedded data file, the fixed extension, the default limits, no proxy trusted', () => {
    const environment = readEnvironment({});
    expect(environment).toMatchObject({
      port: 8787,
      storage: { dataFile: resolve('data/companion.json') },
      allowedExtensionOrigins: [EXTENSION_ORIGIN],
      rateLimits: { perIp: { capacity: 60 }, perIdentifier: { capacity: 10 }, perIdentifierAllIps: { capacity: 300 } },
      trustProxy: false,
    });
    expect(environment.publicUrl).toBeUndefined();
  });

  it('DATABASE_URL chooses PostgreSQL; an empty variable counts as unset', () => {
    expect(readEnvironment({ DATABASE_URL: 'postgres://u:p@db:5432/companion', DATA_FILE: '' }).storage).toEqual({
      databaseUrl: 'postgres://u:p@db:5432/companion',
    });
    expect(readStorageChoice({ DATABASE_URL: '', DATA_FILE: 'x.json' })).toEqual({ dataFile: resolve('x.json') });
  });

  it('a bad value names its variable', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: 'eighty' }, /^PORT: /],
      [{ PORT: '70000' }, /^PORT: /],
      [{ DATABASE_URL: 'mysql://db/companion' }, /^DATABASE_URL: must be a postgres:\/\//],
      [{ PUBLIC_URL: 'ftp://companion' }, /^PUBLIC_URL: /],
      [{ EXTENSION_IDS: 'not-an-id' }, /^EXTENSION_IDS: each id must be 32 letters/],
      [{ RATE_LIMIT_PER_IP: '0' }, /^RATE_LIMIT_PER_IP: /],
      [{ EXTENSION_ORIGINS: 'https://evil.example' }, /^EXTENSION_ORIGINS: each must be/],
    ];
    for (const [env, message] of cases) {
      expect(() => readEnvironment(env)).toThrow(ConfigError);
      expect(() => readEnvironment(env)).toThrow(message);
    }
  });

  it("EXTENSION_ORIGINS adds whole origins, e.g. a Firefox install's moz-extension UUID", () => {
    const firefox = 'moz-extension://6f1c2b9e-0d4a-4c7e-9a51-3b8f2e7d1c40';
    expect(readEnvironment({ EXTENSION_ORIGINS: ` ${firefox} ` }).allowedExtensionOrigins).toEqual([EXTENSION_ORIGIN, firefox]);
  });

  it("TRUST_PROXY: false, true, a hop count, or express's list form", () => {
    expect(readEnvironment({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(readEnvironment({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readEnvironment({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readEnvironment({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });
});
