// Members and invitations of a project (Managers), and accepting an invitation (its invitee).
// Removing a member revokes their sessions and their API tokens for the project, so their very
// next request answers 401 (docs/AUTHENTICATION.md, "Member removal").
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import { apiTokens, invitations, userMfa } from '../../drizzle/schema/auth.ts';
import { memberships, projects, users } from '../../drizzle/schema/tenancy.ts';
import { findUser } from '../auth/accounts.ts';
import { invitationMail, publicUrl } from '../auth/mails.ts';
import { Email, RoleSchema } from '../auth/schemas.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { conflict, notFound, unauthorized } from '../errors.ts';
import { createMailSender, sendMailLater } from '../lib/mail.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, Ok, ProjectParams } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { auditProject } from '../tenancy/audit.ts';
import { acceptInvitation, createInvitation, findPendingInvitation } from '../tenancy/invitations.ts';
import { changeRole, removeMember } from '../tenancy/membership.ts';

export const members = createRouter();
const tags = ['members'];
const asManager = [requireAgent(), requireMember('manager')];

const MemberSchema = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    mfaEnabled: z.boolean(),
    joinedAt: z.string(),
  })
  .openapi('Member');

const MemberParams = ProjectParams.extend({ userId: z.uuid() });

members.openapi(
  createRoute({
    method: 'get',
    path: '/api/projects/{projectId}/members',
    tags,
    summary: 'Members and their roles (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams },
    responses: { 200: json(z.object({ members: z.array(MemberSchema) }), 'Members'), ...errors(401, 403, 404) },
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
    path: '/api/projects/{projectId}/members/{userId}',
    tags,
    summary: "Change a member's role (Managers)",
    description: 'A project always keeps at least one Manager (409 `last_manager`).',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: MemberParams, body: jsonBody(z.object({ role: RoleSchema }).openapi('RoleChange')) },
    responses: {
      200: json(z.object({ userId: z.uuid(), role: RoleSchema }), 'Changed'),
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
    path: '/api/projects/{projectId}/members/{userId}',
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
    await revokeUserSessions(db, c.get('config'), userId);
    return c.json({ ok: true as const }, 200);
  },
);

const InvitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: RoleSchema,
    expiresAt: z.string(),
    createdAt: z.string(),
  })
  .openapi('Invitation');

const invitationView = (row: typeof invitations.$inferSelect) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
});

members.openapi(
  createRoute({
    method: 'get',
    path: '/api/projects/{projectId}/invitations',
    tags,
    summary: 'Pending invitations (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams },
    responses: {
      200: json(z.object({ invitations: z.array(InvitationSchema) }), 'Pending invitations'),
      ...errors(401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const rows = await db
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.projectId, projectId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .orderBy(desc(invitations.createdAt));
    return c.json({ invitations: rows.map(invitationView) }, 200);
  },
);

members.openapi(
  createRoute({
    method: 'post',
    path: '/api/projects/{projectId}/invitations',
    tags,
    summary: 'Invite an email address with a role (Managers); the link is emailed',
    description: 'The token is single-use and expires after 7 days; it is never returned by the API.',
    security: bearerSecurity,
    middleware: asManager,
    request: {
      params: ProjectParams,
      body: jsonBody(z.object({ email: Email, role: RoleSchema }).openapi('InvitationCreate')),
    },
    responses: { 201: json(InvitationSchema, 'Invited'), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { email, role } = c.req.valid('json');
    const { projectId } = c.get('membership');
    const agent = c.get('agent');
    const db = await c.get('db')();
    const [project] = await db
      .select({ name: projects.name })
      .from(projects)
      .where(eq(projects.id, projectId))
      .limit(1);
    if (!project) throw notFound('Project');
    const [member] = await db
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.projectId, projectId), sql`lower(${users.email}) = lower(${email})`))
      .limit(1);
    if (member) throw conflict('This address is already a member of the project', 'already_member');
    const { token, row } = await createInvitation(db, { projectId, email, role, invitedBy: agent.userId });
    await auditProject(db, {
      projectId,
      actorId: agent.userId,
      type: 'member.invited',
      info: requestInfo(c),
      data: { email, role },
    });
    sendMailLater(
      c.executionCtx,
      createMailSender(c.get('config')),
      invitationMail(publicUrl(c), email, project.name, role, token),
    );
    return c.json(invitationView(row), 201);
  },
);

members.openapi(
  createRoute({
    method: 'delete',
    path: '/api/projects/{projectId}/invitations/{invitationId}',
    tags,
    summary: 'Revoke a pending invitation (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams.extend({ invitationId: z.uuid() }) },
    responses: { 200: json(Ok, 'Revoked'), ...errors(401, 403, 404) },
  }),
  async (c) => {
    const { invitationId } = c.req.valid('param');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const [row] = await db
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.projectId, projectId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email });
    if (!row) throw notFound('Invitation');
    await auditProject(db, {
      projectId,
      actorId: c.get('agent').userId,
      type: 'member.invitation_revoked',
      info: requestInfo(c),
      data: { email: row.email },
    });
    return c.json({ ok: true as const }, 200);
  },
);

const TokenBody = z.object({ token: z.string().min(10).max(200) }).openapi('InvitationToken');

members.openapi(
  createRoute({
    method: 'post',
    path: '/api/invitations/preview',
    tags,
    summary: 'What an invitation token is for (project name, email, role), before accepting or signing up',
    request: { body: jsonBody(TokenBody) },
    responses: {
      200: json(
        z.object({ projectName: z.string(), email: z.string(), role: RoleSchema, expiresAt: z.string() }),
        'Pending invitation',
      ),
      ...errors(400, 404),
    },
  }),
  async (c) => {
    const { token } = c.req.valid('json');
    const { invitation, projectName } = await findPendingInvitation(await c.get('db')(), token);
    return c.json(
      { projectName, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString() },
      200,
    );
  },
);

members.openapi(
  createRoute({
    method: 'post',
    path: '/api/invitations/accept',
    tags,
    summary: 'Accept an invitation as the signed-in user (whose email must be the invited one)',
    description: 'New users accept by signing up with `invitationToken` instead.',
    security: bearerSecurity,
    middleware: [requireAgent()],
    request: { body: jsonBody(TokenBody) },
    responses: {
      200: json(z.object({ projectId: z.uuid(), role: RoleSchema }), 'Joined'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { token } = c.req.valid('json');
    const db = await c.get('db')();
    const user = await findUser(db, c.get('agent').userId);
    if (!user) throw unauthorized();
    const joined = await db.transaction(async (tx) => {
      const result = await acceptInvitation(tx, token, user, requestInfo(c));
      // The token was mailed to this address: accepting it proves the address.
      if (!user.emailVerified) await tx.update(users).set({ emailVerified: true }).where(eq(users.id, user.id));
      return result;
    });
    nudgeRelayFrom(c);
    return c.json(joined, 200);
  },
);
