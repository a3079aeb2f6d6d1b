import { Router } from 'express';
import {
  appendDeclineBodySchema,
  appendFinishBodySchema,
  appendStartBodySchema,
  loginConditionalBodySchema,
  loginFailureBodySchema,
  loginFinishBodySchema,
  loginStartBodySchema,
} from '@pkc/shared';
import { parseWith } from '../http/parseBody.ts';
import { listPartners } from '../sites/siteService.ts';
import { declineAppend, finishAppend, startAppend } from './append.ts';
import type { CeremonyDeps } from './deps.ts';
import { finishLogin, reportLoginFailure, startConditionalLogin, startLogin } from './login.ts';

/** The extension-facing API: parse → call → respond. */
export function extRoutes(deps: CeremonyDeps): Router {
  const router = Router();
  router.get('/v1/ext/partners', async (_req, res) => {
    res.json({ partners: await listPartners(deps.store) });
  });
  router.post('/v1/ext/login/start', async (req, res) => {
    res.json(await startLogin(deps, parseWith(loginStartBodySchema, req.body)));
  });
  router.post('/v1/ext/login/conditional', async (req, res) => {
    res.json(await startConditionalLogin(deps, parseWith(loginConditionalBodySchema, req.body)));
  });
  router.post('/v1/ext/login/finish', async (req, res) => {
    res.json(await finishLogin(deps, parseWith(loginFinishBodySchema, req.body)));
  });
  router.post('/v1/ext/login/failure', async (req, res) => {
    res.json(await reportLoginFailure(deps, parseWith(loginFailureBodySchema, req.body)));
  });
  router.post('/v1/ext/append/start', async (req, res) => {
    res.json(await startAppend(deps, parseWith(appendStartBodySchema, req.body)));
  });
  router.post('/v1/ext/append/finish', async (req, res) => {
    res.json(await finishAppend(deps, parseWith(appendFinishBodySchema, req.body)));
  });
  router.post('/v1/ext/append/decline', async (req, res) => {
    await declineAppend(deps, parseWith(appendDeclineBodySchema, req.body));
    res.json({ ok: true });
  });
  return router;
}
