// /api/projects/:projectId/invitations: a project's pending invitations (Managers): invite an
// address with a role (the single-use link is emailed), list, revoke. The invitee's side is in
// routes/invitation-tokens.ts.
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { memberRole } from '../../contract/rest/common.ts';
import { invitation, invitationList } from '../../contract/rest/invitations.ts';
import { invitations } from '../../drizzle/schema/auth.ts';
import { memberships, projects, users } from '../../drizzle/schema/tenancy.ts';
import { invitationMail, publicUrl } from '../auth/mails.ts';
import { enforceRateLimit } from '../auth/rate-limit.ts';
import { Email } from '../auth/schemas.ts';
import { conflict, notFound } from '../errors.ts';
import { createMailSender, sendMailLater } from '../lib/mail.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody, Ok, ProjectParams, uuidParam } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';
import { auditProject } from '../tenancy/audit.ts';
import { createInvitation } from '../tenancy/invitations.ts';

export const projectInvitations = createRouter();
const tags = ['invitations'];
const asManager = [requireAgent(), requireMember('manager')];

const invitationView = (row: typeof invitations.$inferSelect) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
});

projectInvitations.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listInvitations',
    tags,
    summary: 'Pending invitations (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams },
    responses: {
      200: json(invitationList, 'Pending invitations'),
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

projectInvitations.openapi(
  createRoute({
    method: 'post',
    path: '/',
    operationId: 'createInvitation',
    tags,
    summary: 'Invite an email address with a role (Managers); the link is emailed',
    description:
      'The token is single-use and expires after 7 days; it is never returned by the API. A project sends at most 50 invitations a day (429 `rate_limited`).',
    security: bearerSecurity,
    middleware: asManager,
    request: {
      params: ProjectParams,
      body: jsonBody(z.object({ email: Email, role: memberRole }).openapi('InvitationCreate')),
    },
    responses: { 201: json(invitation, 'Invited'), ...errors(400, 401, 403, 404, 409, 429) },
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
    await enforceRateLimit(c, 'invitation_project', projectId);
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

projectInvitations.openapi(
  createRoute({
    method: 'delete',
    path: '/{invitationId}',
    operationId: 'revokeInvitation',
    tags,
    summary: 'Revoke a pending invitation (Managers)',
    security: bearerSecurity,
    middleware: asManager,
    request: { params: ProjectParams.extend({ invitationId: uuidParam('invitationId') }) },
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
