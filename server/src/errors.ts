import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@pkc/shared';

/**
 * The server's one error type (Hono's HTTPException idea): a closed code from
 * shared/src/errors.ts decides the status; `cause` keeps the underlying reason for logs
 * and never reaches the client.
 */
export class ApiError extends Error {
  readonly status: number;
  /** Bad input: the dotted path of the field at fault, for a form to show the message beside it. */
  readonly field: string | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; field?: string },
  ) {
    super(message, options);
    this.field = options?.field;
    this.name = 'ApiError';
    this.status = ERROR_CODES[code];
  }
}

export function errorBody(code: ErrorCode, message: string, field?: string): ErrorBody {
  return { error: { code, message, ...(field === undefined ? {} : { field }) } };
}

/** body-parser marks its own failures with `type`; each maps to a closed code. */
function bodyParserError(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return new ApiError('bad_request', 'the body is not valid JSON', { cause: error });
    case 'entity.too.large':
      return new ApiError('body_too_large', 'the body is larger than 64 KB', { cause: error });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ApiError('unsupported_media_type', 'unsupported body charset or encoding', { cause: error });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return new ApiError('bad_request', 'the body could not be read', { cause: error });
    default:
      return undefined;
  }
}

/**
 * Anything else express or a body parser rejects as the client's fault says so with a 4xx
 * `status`: a `%ZZ` in a path parameter (URIError), a gzip body that doesn't inflate (zlib
 * error). Bad input, never a 500.
 */
function clientFault(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return new ApiError('bad_request', 'the request could not be read', { cause: error });
}

export type ErrorLogger = (message: string, error: unknown) => void;

export function errorMiddleware(log: ErrorLogger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const apiError = error instanceof ApiError ? error : (bodyParserError(error) ?? clientFault(error));
    if (apiError) {
      // A 503 is the server's trouble, not the caller's: the operator needs its cause.
      if (apiError.status >= 500) log(`${apiError.code}: ${apiError.message}`, apiError.cause ?? apiError);
      res.status(apiError.status).json(errorBody(apiError.code, apiError.message, apiError.field));
      return;
    }
    log('unexpected error while handling a request', error);
    res.status(ERROR_CODES.internal).json(errorBody('internal', 'internal error'));
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(ERROR_CODES.not_found).json(errorBody('not_found', `no route for ${req.method} ${req.path}`));
};
