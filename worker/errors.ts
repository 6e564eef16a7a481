// The one error type and the one error handler: every failure leaves as {error:{code,message}}.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

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

export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status, err.headers);
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
  // Only the error's name and message: a stack or a request body could carry secrets.
  console.error(`unhandled ${c.req.method} ${new URL(c.req.url).pathname}: ${safeMessage(err)}`);
  return c.json(errorBody('internal', 'Internal error'), 500);
}

/** An error's name and message without query parameters: drizzle's "Failed query" errors list
 * the bound values (password hashes, ciphertexts, tokens' hashes, emails), which must not be logged. */
export function safeMessage(err: Error): string {
  const [first] = err.message.split('\nparams:');
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.name}: ${first ?? ''}${cause}`.slice(0, 1000);
}

export function handleNotFound(c: Context): Response {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
