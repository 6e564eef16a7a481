// The event catalogue: every event type the outbox carries, and the Queue's message shapes.
// docs/DATABASE_AND_EVENTS.md documents each payload.
import { z } from 'zod';

export const eventTypes = [
  'message.created',
  'conversation.created',
  'conversation.status_changed',
  'conversation.assigned',
  'member.added',
  'member.removed',
  'member.role_changed',
] as const;
export type EventType = (typeof eventTypes)[number];
export const eventType = z.enum(eventTypes);

/** An outbox row as it travels on the Queue. */
export const outboxEvent = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  type: z.string().min(1),
  aggregateType: z.string().min(1),
  aggregateId: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type OutboxEvent = z.infer<typeof outboxEvent>;

export const queueMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), event: outboxEvent }),
  /** A webhook delivery whose earlier attempt failed, re-sent with a delay (backoff). */
  z.object({ kind: z.literal('webhook.retry'), deliveryId: z.uuid() }),
]);
export type QueueMessage = z.infer<typeof queueMessage>;
