// /api/projects/:projectId/members: a project's members and their roles (Managers); and
// /api/projects/:projectId/team: who is on the team, for every member (names and roles only). Removing a member revokes their sessions and their API tokens for the project, so their very
// next request answers 401 (docs/AUTHENTICATION.md, "Member removal").
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import { memberRole } from '../../contract/rest/common.ts';
import { memberList, memberRoleChanged, teamList } from '../../contract/rest/members.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import { apiTokens, userMfa } from '../../drizzle/schema/auth.ts';
import { memberships, users } from '../../drizzle/schema/tenancy.ts';
import { closeMemberSockets } from '../auth/close-sockets.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { notFound } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, Ok, ProjectParams, uuidParam } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { changeRole, removeMember } from '../tenancy/membership.ts';

export const members = createRouter();
const tags = ['members'];
const asManager = [requireAgent(), requireMember('manager')];

const MemberParams = ProjectParams.extend({ userId: uuidParam('userId') });

members.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listMembers',
    tags,
    summary: 'Members and their roles (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams },
    responses: { 200: json(memberList, 'Members'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const rows = await db
      .select({ user: users, role: memberships.role, joinedAt: memberships.createdAt, mfa: userMfa.status })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(userMfa, eq(userMfa.userId, memberships.userId))
      .where(eq(memberships.projectId, projectId))
      .orderBy(memberships.createdAt);
    return c.json(
      {
        members: rows.map((r) => ({
          userId: r.user.id,
          email: r.user.email,
          name: r.user.name,
          role: r.role,
          mfaEnabled: r.mfa === 'enabled',
          joinedAt: r.joinedAt.toISOString(),
        })),
      },
      200,
    );
  },
);

members.openapi(
  createRoute({
    method: 'patch',
    path: '/{userId}',
    operationId: 'changeMemberRole',
    tags,
    summary: "Change a member's role (Managers)",
    description: 'A project always keeps at least one Manager (409 `last_manager`).',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: MemberParams, body: jsonBody(z.object({ role: memberRole }).openapi('RoleChange')) },
    responses: {
      200: json(memberRoleChanged, 'Changed'),
      ...errors(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { userId } = c.req.valid('param');
    const { role } = c.req.valid('json');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const previous = await db.transaction((tx) =>
      changeRole(tx, { projectId, userId, role, actorId: c.get('agent').userId, info: requestInfo(c) }),
    );
    if (previous === null) throw notFound('Member');
    nudgeRelayFrom(c);
    return c.json({ userId, role }, 200);
  },
);

members.openapi(
  createRoute({
    method: 'delete',
    path: '/{userId}',
    operationId: 'removeMember',
    tags,
    summary: 'Remove a member (Managers): their sessions end at once',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: MemberParams },
    responses: { 200: json(Ok, 'Removed'), ...errors(401, 403, 404, 409) },
  }),
  async (c) => {
    const { userId } = c.req.valid('param');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const removed = await db.transaction(async (tx) => {
      const done = await removeMember(tx, { projectId, userId, actorId: c.get('agent').userId, info: requestInfo(c) });
      if (done) {
        await tx
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiTokens.projectId, projectId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
      }
      return done;
    });
    if (!removed) throw notFound('Member');
    nudgeRelayFrom(c);
    await closeMemberSockets(c.env, projectId, [userId]);
    await revokeUserSessions(db, c.get('config'), c.env, userId);
    return c.json({ ok: true as const }, 200);
  },
);

/** /api/projects/:projectId/team: every member may see who they can assign and mention. */
export const team = createRouter();

team.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listTeam',
    tags,
    summary: 'The team: every member, with name and role only (any member may read it)',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember()],
    request: { params: ProjectParams },
    responses: { 200: json(teamList, 'The team'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const rows = await db
      .select({ userId: users.id, name: users.name, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.projectId, projectId))
      .orderBy(users.name, users.id);
    return c.json({ team: rows }, 200);
  },
);
