import { Router } from 'express';
import { passkeysDeleteBodySchema, passkeysListBodySchema, passkeysSessionBodySchema } from '@pkc/shared';
import { parseWith } from '../http/parseBody.ts';
import { deletePasskey, listPasskeys, openManageSession, type PasskeysDeps } from './yourPasskeys.ts';

/** "Your passkeys" for the extension's popup (issue 14, item 4): parse → call → respond. */
export function passkeyRoutes(deps: PasskeysDeps): Router {
  const router = Router();
  router.post('/v1/ext/passkeys/session', async (req, res) => {
    res.json(await openManageSession(deps, parseWith(passkeysSessionBodySchema, req.body)));
  });
  router.post('/v1/ext/passkeys/list', async (req, res) => {
    res.json(await listPasskeys(deps, parseWith(passkeysListBodySchema, req.body)));
  });
  router.post('/v1/ext/passkeys/delete', async (req, res) => {
    res.json(await deletePasskey(deps, parseWith(passkeysDeleteBodySchema, req.body)));
  });
  return router;
}
