// Fans an event out to the project's webhook endpoints: one delivery row per matching endpoint,
// written with the processed marker; the first attempt runs right after commit. An event about a
// conversation erased since (it was still on the Queue) is not delivered: its content is gone; a
// `message.created` whose message was deleted since is delivered without its text or attachment.
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { ERASURE_EVENTS, type OutboxEvent } from '../../../contract/events.ts';
import type { Tx } from '../../../core/events/outbox.ts';
import { prepareNamed } from '../../../core/platform/db.ts';
import { conversations, messages } from '../../../drizzle/schema/conversations.ts';
import { webhookDeliveries, webhookEndpoints } from '../../../drizzle/schema/events.ts';
import { attemptDelivery } from '../webhooks/deliver.ts';
import type { EventHandler } from './types.ts';

/** The JSON body receivers get (documented in docs/DATABASE_AND_EVENTS.md). */
export function webhookBody(event: OutboxEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    projectId: event.projectId,
    createdAt: event.createdAt,
    data: event.payload,
  });
}

const uuid = z.uuid();

/** The conversation an event is about, when it is one whose content erasure takes away. */
function erasableConversation(event: OutboxEvent): string | null {
  if (ERASURE_EVENTS.has(event.type)) return null;
  const id = event.payload.conversationId;
  return typeof id === 'string' && uuid.safeParse(id).success ? id : null;
}

/**
 * The events whose conversation still exists. The rows are held FOR KEY SHARE until commit, so an
 * erasure deleting them waits for these deliveries and then deletes them too (worker/privacy/).
 */
async function notErased(tx: Tx, projectId: string, events: readonly OutboxEvent[]): Promise<OutboxEvent[]> {
  const ids = [...new Set(events.flatMap((e) => erasableConversation(e) ?? []))].sort();
  if (ids.length === 0) return [...events];
  const rows = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.projectId, projectId), inArray(conversations.id, ids)))
    .orderBy(asc(conversations.id))
    .for('key share');
  const live = new Set(rows.map((r) => r.id));
  return events.filter((e) => {
    const id = erasableConversation(e);
    return id === null || live.has(id);
  });
}

/** A `message.created` event's message id, when it has one. */
const createdMessageId = (event: OutboxEvent): string | null => {
  if (event.type !== 'message.created') return null;
  const message = event.payload.message;
  const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : null;
  return typeof id === 'string' && uuid.safeParse(id).success ? id : null;
};

/**
 * The events as receivers may have them: a message deleted after its `message.created` was
 * relayed (the Queue still carried its text) goes out as its tombstone — no body, no attachment.
 */
async function withoutDeletedText(tx: Tx, projectId: string, events: OutboxEvent[]): Promise<OutboxEvent[]> {
  const ids = [...new Set(events.flatMap((e) => createdMessageId(e) ?? []))];
  if (ids.length === 0) return events;
  const rows = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.projectId, projectId), inArray(messages.id, ids), isNotNull(messages.deletedAt)));
  if (rows.length === 0) return events;
  const deleted = new Set(rows.map((r) => r.id));
  return events.map((e) => {
    const id = createdMessageId(e);
    if (!id || !deleted.has(id)) return e;
    const message = { ...(e.payload.message as Record<string, unknown>), body: '', attachment: null };
    return { ...e, payload: { ...e.payload, message } };
  });
}

/**
 * A batch's events are grouped by project: the project's enabled endpoints are read once, and
 * each event gets a delivery row per endpoint whose filter takes it.
 */
export const webhooksHandler: EventHandler = {
  name: 'webhooks',
  handles: () => true,
  groupBy: (event) => event.projectId,
  // Most projects have no endpoint (and most endpoints filter by type): the events no enabled
  // endpoint takes get no transaction and no marker. An endpoint created later receives the events
  // processed later, as it would if this read came a moment after. `project.erased` is always
  // taken: its webhooks marker is what lets the cron delete the erased project's tombstone
  // (worker/privacy/erasure.ts).
  async narrow(events, deps) {
    const projectId = events[0]?.projectId;
    if (!projectId) return [];
    // Every batch reads this: a named statement, parsed once per backend.
    const endpoints = await prepareNamed(
      deps.db
        .select({ eventTypes: webhookEndpoints.eventTypes })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.projectId, projectId), eq(webhookEndpoints.enabled, true))),
    ).execute();
    return events.filter(
      (event) =>
        event.type === 'project.erased' ||
        endpoints.some((e) => e.eventTypes.length === 0 || e.eventTypes.includes(event.type)),
    );
  },
  async apply(tx, events, deps) {
    const projectId = events[0]?.projectId;
    if (!projectId) return undefined;
    const endpoints = await tx
      .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.projectId, projectId), eq(webhookEndpoints.enabled, true)));
    if (endpoints.length === 0) return undefined;
    const deliverable = await withoutDeletedText(tx, projectId, await notErased(tx, projectId, events));
    const rows = deliverable.flatMap((event) => {
      const body = webhookBody(event);
      return endpoints
        .filter((e) => e.eventTypes.length === 0 || e.eventTypes.includes(event.type))
        .map((e) => ({ projectId, endpointId: e.id, eventId: event.id, eventType: event.type, body }));
    });
    if (rows.length === 0) return undefined;
    const created = await tx
      .insert(webhookDeliveries)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    return created.map(
      ({ id }) =>
        () =>
          attemptDelivery(deps, id),
    );
  },
};
