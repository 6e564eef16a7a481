// GET /api/projects/:projectId/audit: the project's security events, newest first (Managers).
import { createRoute } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { auditPage, auditQuery } from '../../contract/rest/audit.ts';
import { auditEvents } from '../../drizzle/schema/auth.ts';
import { users } from '../../drizzle/schema/tenancy.ts';
import { cursorTime, decodeCursor, encodeCursor, olderThan } from '../conversations/cursor.ts';
import { bearerSecurity, createRouter, errors, json, ProjectParams } from '../lib/openapi.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';

export const auditRoutes = createRouter();

const actor = alias(users, 'actor');
const target = alias(users, 'target');

auditRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listAuditEvents',
    tags: ['audit'],
    summary: 'Security events of the project and its members, newest first (Managers)',
    security: bearerSecurity,
    middleware: [requireAgent(), requireMember('manager')],
    request: { params: ProjectParams, query: auditQuery },
    responses: {
      200: json(auditPage, 'A page of events'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { limit, cursor, type } = c.req.valid('query');
    const { projectId } = c.get('membership');
    const conditions = [eq(auditEvents.projectId, projectId)];
    if (type) conditions.push(eq(auditEvents.type, type));
    // The shared keyset cursor (its time to the microsecond, and the id for ties): a value this API
    // did not return is a 400 invalid_cursor before any query.
    const after = decodeCursor(cursor);
    if (after) conditions.push(olderThan(auditEvents.createdAt, auditEvents.id, after));
    const db = await c.get('db')();
    const rows = await db
      .select({
        event: auditEvents,
        actorEmail: actor.email,
        targetEmail: target.email,
        at: cursorTime(auditEvents.createdAt),
      })
      .from(auditEvents)
      .leftJoin(actor, eq(actor.id, auditEvents.actorId))
      .leftJoin(target, eq(target.id, auditEvents.targetUserId))
      .where(and(...conditions))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      {
        events: page.map(({ event, actorEmail, targetEmail }) => ({
          id: event.id,
          type: event.type,
          actor: event.actorId && actorEmail ? { id: event.actorId, email: actorEmail } : null,
          target: event.targetUserId && targetEmail ? { id: event.targetUserId, email: targetEmail } : null,
          ip: event.ip,
          userAgent: event.userAgent,
          data: event.data,
          createdAt: event.createdAt.toISOString(),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.event.id) : null,
      },
      200,
    );
  },
);
