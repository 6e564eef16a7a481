// Visitor authentication for the widget's routes: a Bearer visitor token (never an agent token),
// which names one project and one visitor, who must still exist (not erased) and not have been
// blocked (read from Postgres on every request, like an agent's membership).
import { createMiddleware } from 'hono/factory';
import { visitorStanding } from '../../core/access/standing.ts';
import type { AppEnv } from '../app-env.ts';
import { forbidden, unauthorized } from '../errors.ts';
import { bearerToken } from '../middleware/auth.ts';
import { type VisitorClaims, verifyVisitorToken } from './token.ts';

declare module 'hono' {
  interface ContextVariableMap {
    visitor: VisitorClaims;
  }
}

export async function authenticateVisitor(
  c: { get: (key: 'config') => AppEnv['Variables']['config'] },
  token: string | null,
): Promise<VisitorClaims> {
  if (!token) throw unauthorized();
  const claims = await verifyVisitorToken(c.get('config').AUTH_JWT_KEYS, token);
  if (!claims) throw unauthorized('Invalid or expired visitor token', 'invalid_token');
  return claims;
}

export const requireVisitor = () =>
  createMiddleware<AppEnv>(async function requireVisitor(c, next) {
    const visitor = await authenticateVisitor(c, bearerToken(c.req.header('authorization')));
    const standing = await visitorStanding(await c.get('db')(), visitor.visitorId);
    // An erased visitor's token outlives them: it names no one now (a new widget session starts afresh).
    if (standing === 'unknown') throw unauthorized('This visitor no longer exists', 'invalid_token');
    if (standing === 'blocked') throw visitorBlocked();
    c.set('visitor', visitor);
    await next();
  });

/** 403 `visitor_blocked`: a Manager blocked this visitor; their token opens nothing. */
export const visitorBlocked = () => forbidden('This visitor was blocked', 'visitor_blocked');

/**
 * The widget's routes have always read their body as JSON whatever its Content-Type says (the
 * widget may send text/plain to spare a CORS preflight); the OpenAPI validator reads JSON types
 * only, so a body sent as another type is relabelled first.
 */
export const anyTypeAsJson = () =>
  createMiddleware<AppEnv>(async function anyTypeAsJson(c, next) {
    if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      const headers = new Headers(c.req.raw.headers);
      headers.set('content-type', 'application/json');
      c.req.raw = new Request(c.req.raw, { headers });
    }
    await next();
  });
