import type { RequestHandler } from 'express';
import { ApiError } from '../errors.ts';

/** Every POST body is JSON; anything else is refused before parsing (415). */
export const requireJsonOnPost: RequestHandler = (req, _res, next) => {
  if (req.method !== 'POST') {
    next();
    return;
  }
  if (!req.is('application/json')) {
    next(new ApiError('unsupported_media_type', 'POST bodies must be application/json'));
    return;
  }
  next();
};
