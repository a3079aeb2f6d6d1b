import { Router } from 'express';
import type { TokenSigner } from '../tokens/loginTokens.ts';

/**
 * For load balancers and orchestrators. `/healthz`: the process answers (restart it if not).
 * `/readyz`: it can serve logins now — the store answers and the signing key is loaded (send
 * it traffic only then); 503 with the error's code otherwise.
 */
export function healthRoutes(deps: { checkStore: () => Promise<void>; signer: TokenSigner }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    await deps.checkStore();
    if (deps.signer.jwks().keys.length === 0) {
      res.status(503).json({ error: { code: 'storage_failed', message: 'no signing key loaded' } });
      return;
    }
    res.json({ ok: true });
  });
  return router;
}
