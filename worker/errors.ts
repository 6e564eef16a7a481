// The one error type and the one error handler: every failure leaves as {error:{code,message}}.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorFields, log } from '../core/platform/log.ts';
import { pgError } from '../core/platform/pg-errors.ts';
import { RedisError } from '../core/platform/redis.ts';

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  /** Extra response headers, e.g. Retry-After on a 429. */
  readonly headers: Record<string, string>;
  constructor(status: ContentfulStatusCode, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

export const badRequest = (message: string, code = 'invalid_request') => new ApiError(400, code, message);
export const unauthorized = (message = 'Authentication required', code = 'unauthorized') =>
  new ApiError(401, code, message);
export const forbidden = (message = 'Not allowed', code = 'forbidden') => new ApiError(403, code, message);
export const notFound = (what = 'Resource') => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, code = 'conflict') => new ApiError(409, code, message);

/** Seconds a client is told to wait when the database is out of connections or unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** The database cannot serve now (too many clients, starting, unreachable): retry shortly. */
export const databaseUnavailable = () =>
  new ApiError(503, 'unavailable', 'The database is busy; retry shortly', {
    'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
  });

/**
 * What a Postgres error that reached the handler means for the client, by SQLSTATE class: 08
 * (connection), 53 (insufficient resources: 53300 too many clients) and 57P (shut down, not yet
 * accepting) are the database's state, answered 503 with Retry-After; 22 (data exception) is a
 * value the request carried, answered 400.
 */
function pgFailure(err: Error): ApiError | null {
  const code = pgError(err)?.code;
  if (!code) return null;
  if (code.startsWith('08') || code.startsWith('53') || code.startsWith('57P')) return databaseUnavailable();
  if (code.startsWith('22')) return badRequest('A value in the request cannot be stored');
  return null;
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status, err.headers);
  const mapped = pgFailure(err);
  if (mapped) {
    // Its SQLSTATE (errorCode) says which: the database's state (503) or a value it refused (400).
    log.warn('postgres refused the request', {
      method: c.req.method,
      route: routePath(c),
      status: mapped.status,
      dependency: 'postgres',
      ...errorFields(err),
    });
    return c.json(errorBody(mapped.code, mapped.message), mapped.status, mapped.headers);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const codes: Record<number, string> = {
      400: 'invalid_request',
      401: 'unauthorized',
      413: 'payload_too_large',
      415: 'unsupported_media_type',
    };
    const code = codes[status] ?? 'http_error';
    return c.json(errorBody(code, err.message || 'Request failed'), status);
  }
  const where = { method: c.req.method, route: routePath(c), ...errorFields(err) };
  // Upstash unreachable or refusing: a dependency is down, not a bug, and the client may retry.
  if (err instanceof RedisError) {
    log.warn('redis unavailable', { ...where, dependency: 'redis' });
    return c.json(errorBody('unavailable', 'A service Parley depends on is briefly unavailable; try again'), 503, {
      'Retry-After': '5',
    });
  }
  // By class, code and place only: the message of a failed query lists its parameters (emails,
  // token hashes), and an Upstash error the command with its keys.
  log.error('unhandled error', where);
  return c.json(errorBody('internal', 'Internal error'), 500);
}

export function handleNotFound(c: Context): Response {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
