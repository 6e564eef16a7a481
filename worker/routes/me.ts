// /api/me: the signed-in user's profile, projects and sessions (list, revoke one).
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { themePreference } from '../../contract/enums.ts';
import { sessionList, user } from '../../contract/rest/me.ts';
import { projectList } from '../../contract/rest/projects.ts';
import type { Db } from '../../core/platform/db.ts';
import { sessions } from '../../drizzle/schema/sessions.ts';
import { memberships, projects, users } from '../../drizzle/schema/tenancy.ts';
import { findUser, isMfaEnabled, projectView, userView } from '../auth/accounts.ts';
import { Name } from '../auth/schemas.ts';
import { revokeSessions } from '../auth/sessions.ts';
import { notFound, unauthorized } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, Ok, uuidParam } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent } from '../middleware/auth.ts';
import { auditUser } from '../tenancy/audit.ts';
import { addAccountDeletion } from './account-deletion.ts';

export const me = createRouter();
const tags = ['me'];

me.use('/', requireAgent());
me.use('/*', requireAgent());
addAccountDeletion(me);

/** The user's projects with their role; shared with GET /api/projects. */
export async function listMyProjects(db: Db, userId: string) {
  const rows = await db
    .select({ project: projects, role: memberships.role })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(eq(memberships.userId, userId))
    .orderBy(projects.createdAt);
  const mfa = await isMfaEnabled(db, userId);
  return rows.map((r) => projectView(r.project, r.role, mfa));
}

me.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'getMe',
    tags,
    summary: 'The signed-in user',
    security: bearerSecurity,
    responses: { 200: json(user, 'The user'), ...errors(401) },
  }),
  async (c) => {
    const db = await c.get('db')();
    const user = await findUser(db, c.get('agent').userId);
    if (!user) throw unauthorized();
    return c.json(userView(user, await isMfaEnabled(db, user.id)), 200);
  },
);

me.openapi(
  createRoute({
    method: 'patch',
    path: '/',
    operationId: 'updateMe',
    tags,
    summary: 'Update the profile: the name, the dashboard theme, and whether to get email notifications while offline',
    security: bearerSecurity,
    request: {
      body: jsonBody(
        z
          .object({
            name: Name.optional(),
            theme: themePreference.optional(),
            emailNotifications: z.boolean().optional(),
          })
          .refine(
            (b) => b.name !== undefined || b.theme !== undefined || b.emailNotifications !== undefined,
            'name, theme or emailNotifications is required',
          )
          .openapi('ProfileUpdate'),
      ),
    },
    responses: { 200: json(user, 'The updated user'), ...errors(400, 401) },
  }),
  async (c) => {
    const { name, theme, emailNotifications } = c.req.valid('json');
    const db = await c.get('db')();
    const [user] = await db
      .update(users)
      .set({
        ...(name === undefined ? {} : { name }),
        ...(theme === undefined ? {} : { theme }),
        ...(emailNotifications === undefined ? {} : { emailNotifications }),
      })
      .where(eq(users.id, c.get('agent').userId))
      .returning();
    if (!user) throw unauthorized();
    return c.json(userView(user, await isMfaEnabled(db, user.id)), 200);
  },
);

me.openapi(
  createRoute({
    method: 'get',
    path: '/projects',
    operationId: 'listMyProjects',
    tags,
    summary: "The user's projects and role in each",
    security: bearerSecurity,
    responses: { 200: json(projectList, 'Projects'), ...errors(401) },
  }),
  async (c) => c.json({ projects: await listMyProjects(await c.get('db')(), c.get('agent').userId) }, 200),
);

me.openapi(
  createRoute({
    method: 'get',
    path: '/sessions',
    operationId: 'listMySessions',
    tags,
    summary: 'Live sessions of this account',
    security: bearerSecurity,
    responses: { 200: json(sessionList, 'Sessions'), ...errors(401) },
  }),
  async (c) => {
    const agent = c.get('agent');
    const db = await c.get('db')();
    const rows = await db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, agent.userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
      .orderBy(desc(sessions.lastUsedAt));
    return c.json(
      {
        sessions: rows.map((s) => ({
          id: s.id,
          current: s.id === agent.sessionId,
          userAgent: s.userAgent,
          ip: s.ip,
          createdAt: s.createdAt.toISOString(),
          lastUsedAt: s.lastUsedAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
        })),
      },
      200,
    );
  },
);

me.openapi(
  createRoute({
    method: 'delete',
    path: '/sessions/{sessionId}',
    operationId: 'revokeMySession',
    tags,
    summary: 'Revoke one of this account’s sessions',
    security: bearerSecurity,
    request: { params: z.object({ sessionId: uuidParam('sessionId') }) },
    responses: { 200: json(Ok, 'Revoked'), ...errors(401, 404) },
  }),
  async (c) => {
    const agent = c.get('agent');
    const { sessionId } = c.req.valid('param');
    const db = await c.get('db')();
    const [row] = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, agent.userId), isNull(sessions.revokedAt)))
      .limit(1);
    if (!row) throw notFound('Session');
    await revokeSessions(db, c.get('config'), c.env, [row.id]);
    await auditUser(db, { userId: agent.userId, type: 'auth.session_revoked', info: requestInfo(c) });
    return c.json({ ok: true as const }, 200);
  },
);
