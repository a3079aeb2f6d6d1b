import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { Router } from 'express';

/*
 * The console's page: one HTML shell and the bundle `npm run build:console` makes (console/dist,
 * copied beside server/dist/main.js by `npm run build:server`). Middleware, not routes: this is
 * the UI, not the API the OpenAPI document describes (http/openApi.ts).
 */

/** Where the built bundle is: beside the compiled server, or the repo's console/dist when run from source. */
export function findConsoleAssets(): string | undefined {
  const candidates = [resolve(import.meta.dirname, 'console'), resolve(import.meta.dirname, '../../../console/dist')];
  return candidates.find((dir) => existsSync(resolve(dir, 'console.js')));
}

/** Only our own script and styles; no inline code, no framing (clickjacking of the steering forms). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Passkey Companion console</title>
<link rel="stylesheet" href="/console/assets/console.css">
</head>
<body>
<div id="console-root"></div>
<script type="module" src="/console/assets/console.js"></script>
</body>
</html>
`;

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body><h1>The console is not built</h1><p>Run <code>npm run build:console</code> (or <code>npm run build</code>) and restart the server.</p></body></html>
`;

export function consolePage(assetsDir = findConsoleAssets()): Router {
  const router = Router();
  router.use('/console', (_req, res, next) => {
    res.set({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    next();
  });
  if (assetsDir !== undefined) {
    router.use('/console/assets', express.static(assetsDir, { index: false, fallthrough: true, maxAge: 0 }));
  }
  router.use('/console', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // `/console` → `/console/`, so the page's relative world is one directory.
    if (req.originalUrl === '/console') return res.redirect(308, '/console/');
    if (req.path !== '/') return next();
    res.set('cache-control', 'no-store');
    if (assetsDir === undefined) return res.status(503).type('html').send(NOT_BUILT);
    res.type('html').send(SHELL);
  });
  return router;
}
