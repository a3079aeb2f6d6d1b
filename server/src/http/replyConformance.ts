import type { Request, RequestHandler } from 'express';
import { OPERATIONS } from './openApi.ts';

const described = new Map(OPERATIONS.map((operation) => [`${operation.method.toUpperCase()} ${operation.path}`, operation]));

/**
 * For tests: every successful JSON reply is checked against the schema the API description
 * gives for its route, so the description can't drift from what the server sends. A reply
 * that doesn't match becomes a 500 (the test that caused it fails), with the route named.
 */
export const checkRepliesAgainstDescription: RequestHandler = (req, res, next) => {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const operation = described.get(routeKey(req));
    if (operation && res.statusCode < 300) {
      const parsed = operation.reply.safeParse(body);
      if (!parsed.success) {
        res.status(500);
        return json({
          error: { code: 'internal', message: `reply of ${routeKey(req)} differs from its description: ${parsed.error.message}` },
        });
      }
    }
    return json(body);
  };
  next();
};

function routeKey(req: Request): string {
  return `${req.method} ${req.baseUrl}${req.route ? String(req.route.path) : req.path}`;
}
