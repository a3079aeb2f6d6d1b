import type { RequestHandler } from 'express';
import { ApiError } from '../errors.ts';

/**
 * Every POST body is JSON in UTF-8 (RFC 8259 §8.1); anything else is refused before
 * parsing (415). This also shuts out cross-site "simple" requests (form posts, text/plain),
 * which a browser sends without a CORS preflight.
 */
export const requireJsonOnPost: RequestHandler = (req, _res, next) => {
  if (req.method !== 'POST') {
    next();
    return;
  }
  if (!req.is('application/json')) {
    next(new ApiError('unsupported_media_type', 'POST bodies must be application/json'));
    return;
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    next(new ApiError('unsupported_media_type', 'JSON bodies must be UTF-8'));
    return;
  }
  next();
};
