import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { signCompactEs256 } from './compactJws.ts';

describe('signCompactEs256', () => {
  it('makes a compact JWS that jose verifies with the public JWK, with a 64-byte r || s signature', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = signCompactEs256({ alg: 'ES256', kid: 'k1', typ: 'JWT' }, { sub: 'u1', exp: 1 }, privateKey);
    const verified = await compactVerify(token, await importJWK(publicKey.export({ format: 'jwk' }), 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual({ sub: 'u1', exp: 1 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: 'k1', typ: 'JWT' });
    expect(Buffer.from(token.split('.')[2] ?? '', 'base64url')).toHaveLength(64);
  });

  it('a token with an edited payload does not verify', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const [header, , signature] = signCompactEs256({ alg: 'ES256' }, { sub: 'u1' }, privateKey).split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'u2' })).toString('base64url')}.${signature}`;
    await expect(compactVerify(forged, await importJWK(publicKey.export({ format: 'jwk' }), 'ES256'))).rejects.toThrow();
  });

  it('issues only low-s signatures (no second valid string for one token), and they verify', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = await importJWK(publicKey.export({ format: 'jwk' }), 'ES256');
    const halfOrder = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n / 2n;
    for (let i = 0; i < 64; i += 1) {
      const token = signCompactEs256({ alg: 'ES256' }, { i }, privateKey);
      const s = BigInt(
        `0x${Buffer.from(token.split('.')[2] ?? '', 'base64url')
          .subarray(32)
          .toString('hex')}`,
      );
      expect(s <= halfOrder).toBe(true);
      await compactVerify(token, key);
    }
  });
});
