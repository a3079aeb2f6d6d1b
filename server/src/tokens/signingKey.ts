import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { isoAt, type Clock } from '../clock.ts';
import type { Store } from '../store/Store.ts';
import { signingKeyRecordSchema, type SigningKeyRecord } from '../store/records.ts';

/** The ES256 login-token key: generated on first start, then kept in the store. */
export async function loadOrCreateSigningKey(store: Store, clock: Clock): Promise<SigningKeyRecord> {
  const existing = await store.getSigningKey();
  if (existing) return existing;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const record = signingKeyRecordSchema.parse({ kid, privateJwk: jwk, createdAt: isoAt(clock) });
  await store.putSigningKey(record);
  return record;
}
