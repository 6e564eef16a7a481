// Authentication and tenancy checks for agent routes: a Bearer access token naming a live
// session, then membership of the project in the path (404 for projects the caller is not in,
// 403 when the role is not enough).
import { and, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { memberships } from '../../drizzle/schema/tenancy.ts';
import type { AppEnv } from '../app-env.ts';
import { verifyAccessToken } from '../auth/access-token.ts';
import { isSessionLive } from '../auth/session-cache.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';
import { createRedis } from '../lib/redis.ts';

export type Role = 'manager' | 'agent';

export interface AgentIdentity {
  userId: string;
  sessionId: string;
}

export interface Membership {
  projectId: string;
  role: Role;
}

declare module 'hono' {
  interface ContextVariableMap {
    agent: AgentIdentity;
    membership: Membership;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

/** Verifies a token and its session: the same check for HTTP routes and WebSocket upgrades. */
export async function authenticateAgent(
  c: { get: <K extends 'config' | 'db'>(key: K) => AppEnv['Variables'][K] },
  token: string | null,
): Promise<AgentIdentity> {
  if (!token) throw unauthorized();
  const config = c.get('config');
  const claims = await verifyAccessToken(config.AUTH_JWT_KEYS, token);
  if (!claims) throw unauthorized('Invalid or expired token', 'invalid_token');
  const live = await isSessionLive(createRedis(config), c.get('db'), claims.sessionId, claims.userId);
  if (!live) throw unauthorized('Session ended', 'session_revoked');
  return claims;
}

export const requireAgent = () =>
  createMiddleware<AppEnv>(async function requireAgent(c, next) {
    c.set('agent', await authenticateAgent(c, bearerToken(c.req.header('authorization'))));
    await next();
  });

/** Needs requireAgent before it and a `:projectId` path parameter. */
export const requireMember = (minimum: Role = 'agent') =>
  createMiddleware<AppEnv>(async function requireMember(c, next) {
    const projectId = c.req.param('projectId');
    if (!projectId || !UUID.test(projectId)) throw notFound('Project');
    const db = await c.get('db')();
    const rows = await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, c.get('agent').userId)))
      .limit(1);
    const role = rows[0]?.role;
    // Another tenant's project is indistinguishable from a missing one.
    if (!role) throw notFound('Project');
    if (minimum === 'manager' && role !== 'manager') throw forbidden('Managers only', 'manager_only');
    c.set('membership', { projectId, role });
    await next();
  });
