import { Router } from 'express';
import type { TokenSigner } from './loginTokens.ts';

/** Public keys for offline verification of login tokens (CONTRACT.md). */
export function jwksRoute(signer: TokenSigner): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('cache-control', 'public, max-age=300');
    res.json(signer.jwks());
  });
  return router;
}
