// The event catalogue: every event type the outbox carries, its payload schema, one typed builder
// per type (writers never assemble a payload by hand), and the Queue's message shapes. Webhook
// receivers get exactly these payloads; docs/DATABASE_AND_EVENTS.md documents each.
import { z } from 'zod';
import { type ConversationPriority, conversationPriority, conversationStatus, participantKind, role } from './enums.ts';
import { author } from './frames.ts';
import { notificationKey } from './notifications.ts';

/** Who caused a change: a participant, or the system (snooze expiry, round-robin). */
export const actor = z.union([
  z.object({ kind: participantKind, id: z.string() }),
  z.object({ kind: z.literal('system') }),
]);
export type Actor = z.infer<typeof actor>;

/** An attachment as stored in R2 (its key never reaches a browser; webhooks get it). */
export const storedAttachment = z.object({
  key: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
});
export type StoredAttachment = z.infer<typeof storedAttachment>;

const conversationRef = { conversationId: z.string(), projectId: z.string() };
const membershipRef = { projectId: z.string(), userId: z.string() };

export const eventPayloads = {
  'message.created': z.object({
    ...conversationRef,
    message: z.object({
      id: z.string(),
      seq: z.number().int().positive(),
      clientId: z.string().nullable(),
      author,
      body: z.string(),
      private: z.boolean(),
      attachment: storedAttachment.nullable(),
      createdAt: z.string(),
      /** A private note's mentioned teammates (user ids, members when it was committed). */
      mentions: z.array(z.string()).optional(),
    }),
  }),
  /**
   * A message was deleted (its body and attachment are erased; earlier `message.created` payloads
   * about it are scrubbed): receivers that kept its text should drop it.
   */
  'message.deleted': z.object({
    ...conversationRef,
    messageId: z.string(),
    seq: z.number().int().positive(),
    authorKind: participantKind,
    private: z.boolean(),
    deletedAt: z.string(),
    by: actor,
  }),
  'conversation.created': z.object({
    ...conversationRef,
    visitorId: z.string(),
    assigneeId: z.string().nullable(),
    createdAt: z.string(),
  }),
  'conversation.status_changed': z.object({
    ...conversationRef,
    from: conversationStatus,
    to: conversationStatus,
    snoozedUntil: z.string().nullable(),
    by: actor,
  }),
  'conversation.assigned': z.object({
    ...conversationRef,
    previousAssigneeId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    by: actor,
  }),
  /** The visitor rated a resolution (1–5); a later change within 24 h emits it again with the new rating. */
  'conversation.rated': z.object({
    ...conversationRef,
    resolvedAt: z.string(),
    assigneeId: z.string().nullable(),
    rating: z.number().int().min(1).max(5),
    previousRating: z.number().int().min(1).max(5).nullable(),
    comment: z.string().nullable(),
    ratedAt: z.string(),
  }),
  /** The labels on a conversation changed; labelIds is the whole set after the change. */
  'conversation.labels_changed': z.object({
    ...conversationRef,
    labelIds: z.array(z.string()),
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changedAt: z.string(),
    by: actor,
  }),
  /** An agent set or cleared a conversation's priority (null: none). */
  'conversation.priority_changed': z.object({
    ...conversationRef,
    priority: conversationPriority.nullable(),
    previousPriority: conversationPriority.nullable(),
    changedAt: z.string(),
    by: actor,
  }),
  'member.added': z.object({ ...membershipRef, role }),
  'member.removed': z.object({ ...membershipRef, role }),
  'member.role_changed': z.object({ ...membershipRef, role, previousRole: role }),
  /** A Manager erased a visitor: they and these conversations (messages, attachments) are gone. */
  'visitor.erased': z.object({
    projectId: z.string(),
    visitorId: z.string(),
    conversationIds: z.array(z.string()),
    erasedAt: z.string(),
    by: actor,
  }),
  /** One conversation was erased: by a Manager (`request`) or by the project's retention period. */
  'conversation.erased': z.object({
    ...conversationRef,
    visitorId: z.string(),
    reason: z.enum(['request', 'retention']),
    erasedAt: z.string(),
    by: actor,
  }),
  /**
   * An agent merged `mergedContactId` into `contactId`: its visitors (and so their conversations)
   * now belong to `contactId`, and `mergedContactId` no longer exists.
   */
  'contact.merged': z.object({
    projectId: z.string(),
    contactId: z.string(),
    mergedContactId: z.string(),
    visitorIds: z.array(z.string()),
    mergedAt: z.string(),
    by: actor,
  }),
  /** The project was erased with everything in it; its webhook endpoints get this last event. */
  'project.erased': z.object({ projectId: z.string(), erasedAt: z.string(), by: actor }),
} as const;

export type EventType = keyof typeof eventPayloads;
export const eventTypes = Object.keys(eventPayloads) as [EventType, ...EventType[]];
export const eventType = z.enum(eventTypes);
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;

/** What a writer puts in the outbox besides where it belongs: the type and its payload. */
export type EventDraft<T extends EventType = EventType> = { [K in T]: { type: K; payload: EventPayload<K> } }[T];

const draft = <T extends EventType>(type: T, payload: EventPayload<T>) => ({ type, payload }) as EventDraft<T>;
const actorOf = (by: Actor): Actor => (by.kind === 'system' ? { kind: 'system' } : { kind: by.kind, id: by.id });

type MessageInput = EventPayload<'message.created'>['message'];

export const messageCreated = (conversationId: string, projectId: string, m: MessageInput) =>
  draft('message.created', {
    conversationId,
    projectId,
    message: {
      id: m.id,
      seq: m.seq,
      clientId: m.clientId,
      author: m.author,
      body: m.body,
      private: m.private,
      attachment: m.attachment,
      createdAt: m.createdAt,
      ...(m.mentions?.length ? { mentions: m.mentions } : {}),
    },
  });

export const messageDeleted = (
  conversationId: string,
  projectId: string,
  m: { id: string; seq: number; authorKind: EventPayload<'message.deleted'>['authorKind']; private: boolean },
  deletedAt: Date,
  by: Actor,
) =>
  draft('message.deleted', {
    conversationId,
    projectId,
    messageId: m.id,
    seq: m.seq,
    authorKind: m.authorKind,
    private: m.private,
    deletedAt: deletedAt.toISOString(),
    by: actorOf(by),
  });

export const conversationCreated = (
  conversationId: string,
  projectId: string,
  visitorId: string,
  assigneeId: string | null,
  createdAt: Date,
) =>
  draft('conversation.created', {
    conversationId,
    projectId,
    visitorId,
    assigneeId,
    createdAt: createdAt.toISOString(),
  });

export const statusChanged = (
  conversationId: string,
  projectId: string,
  from: EventPayload<'conversation.status_changed'>['from'],
  to: EventPayload<'conversation.status_changed'>['to'],
  snoozedUntil: Date | null,
  by: Actor,
) =>
  draft('conversation.status_changed', {
    conversationId,
    projectId,
    from,
    to,
    snoozedUntil: snoozedUntil?.toISOString() ?? null,
    by: actorOf(by),
  });

export const assigned = (
  conversationId: string,
  projectId: string,
  previousAssigneeId: string | null,
  assigneeId: string | null,
  by: Actor,
) => draft('conversation.assigned', { conversationId, projectId, previousAssigneeId, assigneeId, by: actorOf(by) });

export const conversationRated = (
  conversationId: string,
  projectId: string,
  r: Omit<EventPayload<'conversation.rated'>, 'conversationId' | 'projectId'>,
) =>
  draft('conversation.rated', {
    conversationId,
    projectId,
    resolvedAt: r.resolvedAt,
    assigneeId: r.assigneeId,
    rating: r.rating,
    previousRating: r.previousRating,
    comment: r.comment,
    ratedAt: r.ratedAt,
  });

export const labelsChanged = (
  conversationId: string,
  projectId: string,
  change: { labelIds: readonly string[]; added: readonly string[]; removed: readonly string[] },
  changedAt: Date,
  by: Actor,
) =>
  draft('conversation.labels_changed', {
    conversationId,
    projectId,
    labelIds: [...change.labelIds],
    added: [...change.added],
    removed: [...change.removed],
    changedAt: changedAt.toISOString(),
    by: actorOf(by),
  });

export const priorityChanged = (
  conversationId: string,
  projectId: string,
  change: { priority: ConversationPriority | null; previousPriority: ConversationPriority | null },
  changedAt: Date,
  by: Actor,
) =>
  draft('conversation.priority_changed', {
    conversationId,
    projectId,
    priority: change.priority,
    previousPriority: change.previousPriority,
    changedAt: changedAt.toISOString(),
    by: actorOf(by),
  });

export const memberAdded = (projectId: string, userId: string, r: EventPayload<'member.added'>['role']) =>
  draft('member.added', { projectId, userId, role: r });

export const memberRemoved = (projectId: string, userId: string, r: EventPayload<'member.removed'>['role']) =>
  draft('member.removed', { projectId, userId, role: r });

export const memberRoleChanged = (
  projectId: string,
  userId: string,
  r: EventPayload<'member.role_changed'>['role'],
  previousRole: EventPayload<'member.role_changed'>['previousRole'],
) => draft('member.role_changed', { projectId, userId, role: r, previousRole });

export const visitorErased = (
  projectId: string,
  visitorId: string,
  conversationIds: readonly string[],
  erasedAt: Date,
  by: Actor,
) =>
  draft('visitor.erased', {
    projectId,
    visitorId,
    conversationIds: [...conversationIds],
    erasedAt: erasedAt.toISOString(),
    by: actorOf(by),
  });

export const conversationErased = (
  conversationId: string,
  projectId: string,
  visitorId: string,
  reason: EventPayload<'conversation.erased'>['reason'],
  erasedAt: Date,
  by: Actor,
) =>
  draft('conversation.erased', {
    conversationId,
    projectId,
    visitorId,
    reason,
    erasedAt: erasedAt.toISOString(),
    by: actorOf(by),
  });

export const projectErased = (projectId: string, erasedAt: Date, by: Actor) =>
  draft('project.erased', { projectId, erasedAt: erasedAt.toISOString(), by: actorOf(by) });

export const contactMerged = (
  projectId: string,
  contactId: string,
  mergedContactId: string,
  visitorIds: readonly string[],
  mergedAt: Date,
  by: Actor,
) =>
  draft('contact.merged', {
    projectId,
    contactId,
    mergedContactId,
    visitorIds: [...visitorIds],
    mergedAt: mergedAt.toISOString(),
    by: actorOf(by),
  });

/** Event types that announce an erasure: delivered even though what they name is gone. */
export const ERASURE_EVENTS: ReadonlySet<string> = new Set(['visitor.erased', 'conversation.erased', 'project.erased']);

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

/** The request id of the invocation that sent the message (for log lines; the consumer checks it). */
const requestId = z.string().max(64).optional();

/** At most this many events travel in one Queue message (the relay packs them; see core/events/relay.ts). */
export const PACK_MAX_EVENTS = 50;

export const queueMessage = z.discriminatedUnion('kind', [
  /** One event: a replay (Settings › Failed events), or a message sent before events were packed. */
  z.object({ kind: z.literal('event'), event: outboxEvent, requestId }),
  /** The relay's shape: several outbox rows in one Queue message, oldest first. */
  z.object({ kind: z.literal('events'), events: z.array(outboxEvent).min(1).max(PACK_MAX_EVENTS), requestId }),
  /** A webhook delivery whose earlier attempt failed, re-sent with a delay (backoff). */
  z.object({ kind: z.literal('webhook.retry'), deliveryId: z.uuid(), requestId }),
  /** An export a Manager asked for, to build in the background (worker/privacy/export.ts). */
  z.object({ kind: z.literal('export'), exportId: z.uuid(), requestId }),
  /** A delayed, batched email notification is due (worker/notifications/); exactly once by its marker. */
  z.object({ kind: z.literal('notification.due'), notification: notificationKey, requestId }),
]);
export type QueueMessage = z.infer<typeof queueMessage>;
