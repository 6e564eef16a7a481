// /api/projects/:projectId/events/failed: events whose handlers failed or were dead-lettered (and
// `notification.due` messages, type `notification.due`), and replaying one through the Queue (Managers).
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { outboxEvent, type QueueMessage, queueMessage } from '../../contract/events.ts';
import { failedEventList, failedEventReplayed } from '../../contract/rest/failed-events.ts';
import { failedEvents } from '../../drizzle/schema/events.ts';
import { notFound } from '../errors.ts';
import { bearerSecurity, createRouter, errors, ProjectParams, uuidParam } from '../lib/openapi.ts';
import { requireAgent, requireMember } from '../middleware/auth.ts';

export const failedEventRoutes = createRouter();
const managerRoute = {
  tags: ['webhooks'],
  security: bearerSecurity,
  middleware: [requireAgent(), requireMember('manager')],
};

failedEventRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listFailedEvents',
    summary: 'Failed and dead-lettered events (Managers)',
    ...managerRoute,
    request: { params: ProjectParams, query: z.object({ deadOnly: z.enum(['true', 'false']).optional() }) },
    responses: {
      200: {
        content: { 'application/json': { schema: failedEventList } },
        description: 'Failed and dead-lettered events',
      },
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId } = c.req.valid('param');
    const { deadOnly } = c.req.valid('query');
    const db = await c.get('db')();
    const rows = await db
      .select()
      .from(failedEvents)
      .where(
        and(
          eq(failedEvents.projectId, projectId),
          deadOnly === 'true' ? isNotNull(failedEvents.deadLetteredAt) : undefined,
        ),
      )
      .orderBy(desc(failedEvents.updatedAt))
      .limit(200);
    return c.json(
      {
        events: rows.map((r) => ({
          eventId: r.eventId,
          type: r.type,
          lastError: r.lastError,
          attempts: r.attempts,
          deadLetteredAt: r.deadLetteredAt?.toISOString() ?? null,
          updatedAt: r.updatedAt.toISOString(),
        })),
      },
      200,
    );
  },
);

failedEventRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/{eventId}/replay',
    operationId: 'replayFailedEvent',
    summary: 'Send a failed event to the Queue again (Managers)',
    ...managerRoute,
    request: { params: ProjectParams.extend({ eventId: uuidParam('eventId') }) },
    responses: {
      202: {
        content: { 'application/json': { schema: failedEventReplayed } },
        description: 'Sent to the Queue again',
      },
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { projectId, eventId } = c.req.valid('param');
    const db = await c.get('db')();
    const row = (
      await db
        .select()
        .from(failedEvents)
        .where(and(eq(failedEvents.eventId, eventId), eq(failedEvents.projectId, projectId)))
    )[0];
    if (!row) throw notFound('Failed event');
    // A notification's row keeps its whole Queue message; an event's row the event.
    const message: QueueMessage =
      row.type === 'notification.due'
        ? queueMessage.parse(row.event)
        : { kind: 'event', event: outboxEvent.parse(row.event) };
    await c.env.EVENTS.send(message, { contentType: 'json' });
    await db.update(failedEvents).set({ deadLetteredAt: null, attempts: 0 }).where(eq(failedEvents.eventId, eventId));
    return c.json({ replayed: true as const }, 202);
  },
);
