// Visitor authentication for the widget's routes: a Bearer visitor token (never an agent token),
// which names one project and one visitor.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { unauthorized } from '../errors.ts';
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
    c.set('visitor', await authenticateVisitor(c, bearerToken(c.req.header('authorization'))));
    await next();
  });
