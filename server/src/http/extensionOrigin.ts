import type { RequestHandler } from 'express';
import { ApiError } from '../errors.ts';

/**
 * The extension-facing API is called by the extension background only, whose POSTs always
 * carry its `Origin`. A POST without one (a script, say, redeeming a stolen grant with a forged
 * clientData.origin) is refused like a web page's (security review round 2, finding 5); allowed
 * extension origins also get CORS headers (the background may lack host access).
 */
export function extensionOriginGuard(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.get('origin');
    // A GET (the partner list, public anyway) may come without one: the browser leaves Origin
    // off an extension's same-permission GET. Every POST carries it.
    if (origin === undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      next();
      return;
    }
    if (origin === undefined || !allowed.has(origin)) {
      next(new ApiError('extension_not_allowed', 'this origin may not call the extension API'));
      return;
    }
    res.set('access-control-allow-origin', origin);
    res.set('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.set('access-control-allow-methods', 'GET, POST');
      res.set('access-control-allow-headers', 'content-type');
      res.set('access-control-max-age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
