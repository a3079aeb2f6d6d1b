import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';

/*
 * The benchmark's yardstick: the smallest honest express + @simplewebauthn/server relying
 * party doing the same login ceremony as the companion (options with allowCredentials,
 * challenge kept server-side and used once, signature and counter checked, counter
 * updated), with everything in memory and nothing persisted, validated or rate limited.
 * Kept in the bench folder only; nothing in the product uses it.
 */

export const PEER_RP_ID = 'bench.localhost';
export const PEER_ORIGIN = 'http://bench.localhost:4000';

export function createPeerApp(): express.Express {
  const app = express();
  app.use(express.json({ limit: '64kb' }));
  const credentials = new Map<string, WebAuthnCredential[]>();
  const challenges = new Map<string, { username: string; challenge: string }>();

  app.post('/register/start', async (req, res) => {
    const username = String(req.body.username);
    const options = await generateRegistrationOptions({ rpName: 'Bench', rpID: PEER_RP_ID, userName: username, attestationType: 'none' });
    const ceremonyId = randomBytes(16).toString('base64url');
    challenges.set(ceremonyId, { username, challenge: options.challenge });
    res.json({ ceremonyId, options });
  });

  app.post('/register/finish', async (req, res) => {
    const ceremony = challenges.get(String(req.body.ceremonyId));
    challenges.delete(String(req.body.ceremonyId));
    if (!ceremony) return void res.status(400).json({ error: 'unknown ceremony' });
    const result = await verifyRegistrationResponse({
      response: req.body.response as RegistrationResponseJSON,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: PEER_ORIGIN,
      expectedRPID: PEER_RP_ID,
    });
    if (!result.verified) return void res.status(400).json({ error: 'not verified' });
    credentials.set(ceremony.username, [...(credentials.get(ceremony.username) ?? []), result.registrationInfo.credential]);
    res.json({ credentialId: result.registrationInfo.credential.id });
  });

  app.post('/login/start', async (req, res) => {
    const username = String(req.body.username);
    const own = credentials.get(username) ?? [];
    const options = await generateAuthenticationOptions({
      rpID: PEER_RP_ID,
      allowCredentials: own.map((credential) => ({ id: credential.id, transports: credential.transports })),
      userVerification: 'required',
    });
    const ceremonyId = randomBytes(16).toString('base64url');
    challenges.set(ceremonyId, { username, challenge: options.challenge });
    res.json({ ceremony: { ceremonyId, options } });
  });

  app.post('/login/finish', async (req, res) => {
    const ceremony = challenges.get(String(req.body.ceremonyId));
    challenges.delete(String(req.body.ceremonyId));
    const response = req.body.response as AuthenticationResponseJSON;
    const credential = ceremony && credentials.get(ceremony.username)?.find((candidate) => candidate.id === response.id);
    if (!ceremony || !credential) return void res.status(400).json({ error: 'unknown ceremony or credential' });
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: PEER_ORIGIN,
      expectedRPID: PEER_RP_ID,
      credential,
      requireUserVerification: true,
    });
    if (!result.verified) return void res.status(400).json({ error: 'not verified' });
    credential.counter = result.authenticationInfo.newCounter;
    res.json({ verified: true });
  });
  return app;
}

export function listenPeer(): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createPeerApp().listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}
