import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { normalizeUsername } from '../store/Store.ts';

/** Sent back with every reply; a caller's own id (a proxy's) is kept when it is a plain token. */
export const REQUEST_ID_HEADER = 'x-request-id';
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * One JSON line per request (pino): request id, method, route (the template, not the URL), status
 * and duration; at error level for a 5xx. Never a body, a header or a query string: secrets,
 * grants, tokens and nonces travel there. The person behind a request shows only as a hash of
 * site + normalized username, enough to follow one person's requests, not to name them.
 */
export function requestLog(logger: Logger): RequestHandler {
  const handler = pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    genReqId(req, res) {
      const given = req.headers[REQUEST_ID_HEADER];
      const id = typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    customSuccessObject: (req, res, value: { responseTime?: number }) => lineOf(req, res, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime?: number }) => lineOf(req, res, value.responseTime),
  });
  return handler as unknown as RequestHandler;
}

function lineOf(req: IncomingMessage, res: ServerResponse, durationMs: number | undefined): Record<string, unknown> {
  const request = req as Request & { id?: unknown };
  const userHash = personOf(request.body);
  return {
    reqId: request.id,
    method: req.method,
    route: request.route ? `${request.baseUrl}${String(request.route.path)}` : '(no route)',
    status: res.statusCode,
    durationMs,
    ...(userHash === undefined ? {} : { userHash }),
  };
}

function personOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('username' in body) || !('siteId' in body)) return undefined;
  const { username, siteId } = body as { username: unknown; siteId: unknown };
  if (typeof username !== 'string' || typeof siteId !== 'string') return undefined;
  return createHash('sha256')
    .update(`${siteId}\n${normalizeUsername(username)}`)
    .digest('base64url')
    .slice(0, 16);
}
