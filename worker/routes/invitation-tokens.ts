// /api/invitations: the invitee's side of an emailed invitation link: what the token is for
// (before signing up or in), and accepting it as the signed-in user. New users accept by signing
// up with `invitationToken` (routes/auth.ts).
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { invitationAccepted, invitationPreview } from '../../contract/rest/invitations.ts';
import { text } from '../../contract/text.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import { users } from '../../drizzle/schema/tenancy.ts';
import { emailVerifiedNow, findUser } from '../auth/accounts.ts';
import { unauthorized } from '../errors.ts';
import { bearerSecurity, createRouter, errors, json, jsonBody } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireAgent } from '../middleware/auth.ts';
import { acceptInvitation, findPendingInvitation } from '../tenancy/invitations.ts';

export const invitationTokens = createRouter();
const tags = ['invitations'];

const TokenBody = z.object({ token: text().min(10).max(200) }).openapi('InvitationToken');

invitationTokens.openapi(
  createRoute({
    method: 'post',
    path: '/preview',
    operationId: 'previewInvitation',
    tags,
    security: [],
    summary: 'What an invitation token is for (project name, email, role), before accepting or signing up',
    request: { body: jsonBody(TokenBody) },
    responses: {
      200: json(invitationPreview, 'Pending invitation'),
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

invitationTokens.openapi(
  createRoute({
    method: 'post',
    path: '/accept',
    operationId: 'acceptInvitation',
    tags,
    summary: 'Accept an invitation as the signed-in user (whose email must be the invited one)',
    description: 'New users accept by signing up with `invitationToken` instead.',
    security: bearerSecurity,
    middleware: [requireAgent()],
    request: { body: jsonBody(TokenBody) },
    responses: {
      200: json(invitationAccepted, 'Joined'),
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
      if (!user.emailVerified) await tx.update(users).set(emailVerifiedNow()).where(eq(users.id, user.id));
      return result;
    });
    nudgeRelayFrom(c);
    return c.json(joined, 200);
  },
);
