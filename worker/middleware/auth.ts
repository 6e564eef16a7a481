// Authentication and tenancy checks for agent routes: a Bearer access token naming a live
// session (or, on project routes, a personal API token), then membership of the project in the
// path: 404 for projects the caller is not in, 403 when 2FA is required but not enabled or the
// role is not enough. Membership and role are read from Postgres on every request, so a role
// change or a removal takes effect on the very next one.
import { and, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../contract/enums.ts';
import { UUID } from '../../contract/ids.ts';
import type { Db } from '../../core/platform/db.ts';
import { annotateLogContext } from '../../core/platform/log.ts';
import { createRedis } from '../../core/platform/redis.ts';
import { userMfa } from '../../drizzle/schema/auth.ts';
import { memberships, projects } from '../../drizzle/schema/tenancy.ts';
import type { AppEnv } from '../app-env.ts';
import { verifyAccessToken } from '../auth/access-token.ts';
import { type ApiTokenScope, authenticateApiToken, isApiToken } from '../auth/api-tokens.ts';
import { isSessionLive } from '../auth/session-cache.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';

export type { Role };

export interface AgentIdentity {
  userId: string;
  /** The session the access token names; empty when the caller used a personal API token. */
  sessionId: string;
  /** Set when the caller used a personal API token: it only opens routes of its own project. */
  apiToken?: ApiTokenScope;
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

export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

/** Verifies an access token and its session: the same check for HTTP routes and WebSocket
 * upgrades. Personal API tokens are not accepted here (they are for project REST routes only). */
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

/** A session's access token anywhere; a personal API token only on routes of its own project
 * (a `:projectId` path parameter naming that project — another project answers 404). */
export const requireAgent = () =>
  createMiddleware<AppEnv>(async function requireAgent(c, next) {
    const token = bearerToken(c.req.header('authorization'));
    if (token && isApiToken(token)) {
      const found = await authenticateApiToken(await c.get('db')(), token);
      if (!found) throw unauthorized('Invalid, expired or revoked API token', 'invalid_token');
      const projectId = c.req.param('projectId');
      if (!projectId) throw unauthorized('API tokens only open project routes', 'api_token_not_allowed');
      if (projectId !== found.scope.projectId) throw notFound('Project');
      c.set('agent', { userId: found.userId, sessionId: '', apiToken: found.scope });
    } else {
      c.set('agent', await authenticateAgent(c, token));
    }
    await next();
  });

/**
 * The caller's role in a project, with the project's rules applied: null when not a member (or
 * an API token of another project), 403 mfa_required when the project requires 2FA the caller
 * lacks. Used by requireMember and by the WebSocket upgrade routes.
 */
export async function memberRole(db: Db, projectId: string, agent: AgentIdentity): Promise<Role | null> {
  const [row] = await db
    .select({ role: memberships.role, require2fa: projects.require2fa, mfa: userMfa.status })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .leftJoin(userMfa, eq(userMfa.userId, memberships.userId))
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, agent.userId)))
    .limit(1);
  if (!row || (agent.apiToken && agent.apiToken.projectId !== projectId)) return null;
  if (row.require2fa && row.mfa !== 'enabled') {
    throw forbidden('This project requires two-factor authentication: enable it first', 'mfa_required');
  }
  // An API token never grants more than its own role, nor more than its user's current role.
  return agent.apiToken?.role === 'agent' ? 'agent' : row.role;
}

/** Needs requireAgent before it and a `:projectId` path parameter. */
export const requireMember = (minimum: Role = 'agent') =>
  createMiddleware<AppEnv>(async function requireMember(c, next) {
    const projectId = c.req.param('projectId');
    if (!projectId || !UUID.test(projectId)) throw notFound('Project');
    const role = await memberRole(await c.get('db')(), projectId, c.get('agent'));
    // Another tenant's project is indistinguishable from a missing one.
    if (!role) throw notFound('Project');
    if (minimum === 'manager' && role !== 'manager') throw forbidden('Managers only', 'manager_only');
    c.set('membership', { projectId, role });
    annotateLogContext({ projectId });
    await next();
  });

/** The middleware of a project route open to any member of the project. */
export const asMember = [requireAgent(), requireMember()];
