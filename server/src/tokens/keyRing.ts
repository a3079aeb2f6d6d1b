import { createPrivateKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { isoAt, type Clock } from '../clock.ts';
import type { Store } from '../store/Store.ts';
import { signingKeyRecordSchema, type SigningKeyRecord } from '../store/records.ts';

/** How stale a server's copy of the key set may get: a key rotated on one server reaches the others this fast. */
export const KEY_REFRESH_MS = 5_000;
/**
 * A rotated-in key is published this long before it signs, so a partner backend that fetched
 * the key set (from any server) just before the rotation still knows the key of every token.
 */
export const PUBLISH_AHEAD_MS = 60_000;

interface LoadedKey {
  readonly record: SigningKeyRecord;
  readonly privateKey: KeyObject;
  readonly publicKey: CryptoKey;
  readonly published: JWK;
  readonly signsFrom: number;
}

/**
 * The login-token keys every server of a deployment shares, read from the store: the newest
 * key whose time has come signs, every kept key is published and verifies. A server re-reads
 * the set at most every KEY_REFRESH_MS (in the background, so no request waits for it), and
 * at once when asked to verify a token whose key it doesn't know yet.
 *
 * Rotation (`rotate`) adds a key that signs PUBLISH_AHEAD_MS later; a key is removed once a
 * newer one has signed for longer than a token lives (`tokenTtlMs`): no token of it is left.
 */
export class KeyRing {
  private keys: LoadedKey[] = [];
  private loadedAt = 0;
  private reloading: Promise<void> | undefined;

  private constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tokenTtlMs: number,
  ) {}

  /** Loads the keys, creating the first one when the store has none (one between servers starting together). */
  static async open(store: Store, clock: Clock, tokenTtlMs: number): Promise<KeyRing> {
    const ring = new KeyRing(store, clock, tokenTtlMs);
    if ((await store.listSigningKeys()).length === 0) {
      await store.addSigningKey(await newSigningKey(clock), { onlyIfNone: true });
    }
    await ring.reload();
    return ring;
  }

  /** The key that signs now. */
  current(): LoadedKey {
    this.refreshInBackground();
    const now = this.clock.now();
    const ready = this.keys.filter((key) => key.signsFrom <= now);
    const key = ready.at(-1) ?? this.keys[0];
    if (!key) throw new Error('the key ring is empty');
    return key;
  }

  /** A published key by kid; re-reads the store once for a kid it doesn't know (rotated on another server). */
  async find(kid: string | undefined): Promise<LoadedKey | undefined> {
    const known = this.keys.find((key) => key.record.kid === kid);
    if (known || kid === undefined) return known;
    await this.reload();
    return this.keys.find((key) => key.record.kid === kid);
  }

  published(): JWK[] {
    this.refreshInBackground();
    return this.keys.map((key) => key.published);
  }

  /** Adds the next key (signing PUBLISH_AHEAD_MS from now) and returns its kid. */
  async rotate(): Promise<string> {
    const key = await newSigningKey(this.clock, new Date(this.clock.now() + PUBLISH_AHEAD_MS).toISOString());
    await this.store.addSigningKey(key);
    await this.reload();
    return key.kid;
  }

  private refreshInBackground(): void {
    if (this.clock.now() - this.loadedAt < KEY_REFRESH_MS || this.reloading) return;
    // A failed refresh keeps the keys already loaded; the next call tries again.
    this.reload().catch(() => undefined);
  }

  private reload(): Promise<void> {
    this.reloading ??= this.readKeys().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async readKeys(): Promise<void> {
    const records = await this.store.listSigningKeys();
    const byKid = new Map(this.keys.map((key) => [key.record.kid, key]));
    const loaded = await Promise.all(records.map((record) => byKid.get(record.kid) ?? loadKey(record)));
    this.loadedAt = this.clock.now();
    const retired = this.retired(loaded);
    this.keys = loaded.filter((key) => !retired.includes(key));
    // Any server may remove a retired key; removing one twice is harmless.
    await Promise.all(retired.map((key) => this.store.removeSigningKey(key.record.kid)));
  }

  /** Keys older than one that has signed for longer than a token lives. */
  private retired(keys: readonly LoadedKey[]): LoadedKey[] {
    const now = this.clock.now();
    let lastSafe = -1;
    keys.forEach((key, i) => {
      if (key.signsFrom + this.tokenTtlMs < now) lastSafe = i;
    });
    return lastSafe <= 0 ? [] : keys.slice(0, lastSafe);
  }
}

async function newSigningKey(clock: Clock, notBefore?: string): Promise<SigningKeyRecord> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return signingKeyRecordSchema.parse({ kid, privateJwk: jwk, createdAt: isoAt(clock), ...(notBefore ? { notBefore } : {}) });
}

async function loadKey(record: SigningKeyRecord): Promise<LoadedKey> {
  const { d: _private, ...publicJwk } = record.privateJwk;
  const publicKey = await importJWK(publicJwk, 'ES256');
  if (publicKey instanceof Uint8Array) throw new Error('ES256 JWK did not import as a CryptoKey');
  return {
    record,
    privateKey: createPrivateKey({ key: record.privateJwk, format: 'jwk' }),
    publicKey,
    published: { ...publicJwk, kid: record.kid, alg: 'ES256', use: 'sig' },
    signsFrom: Date.parse(record.notBefore ?? record.createdAt),
  };
}
