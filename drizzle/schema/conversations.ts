// Conversations: visitors, conversations, their messages (ordered by `seq`), read state and the
// per-project conversation settings (auto-assignment, attachment limits). See docs/REALTIME_AND_WIDGET.md.

import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { AUTHOR_KINDS, CONVERSATION_PRIORITIES, CONVERSATION_STATUSES } from '../../contract/enums.ts';
import { id, timestamps } from './columns.ts';
import { contacts } from './contacts.ts';
import { projects, users } from './tenancy.ts';

export const conversationStatus = pgEnum('conversation_status', CONVERSATION_STATUSES);
export const authorKind = pgEnum('author_kind', AUTHOR_KINDS);
export const conversationPriority = pgEnum('conversation_priority', CONVERSATION_PRIORITIES);
export const autoAssignMode = pgEnum('auto_assign_mode', ['off', 'round_robin']);

export const visitors = pgTable(
  'visitors',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The host site's user id: proven when `verified`, a mere claim otherwise. */
    externalId: text('external_id'),
    name: text('name'),
    email: text('email'),
    /** True once the host site proved the identity with its HMAC. */
    verified: boolean('verified').notNull().default(false),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when a Manager blocks the visitor: their tokens open nothing and their sockets close. */
    blockedAt: timestamp('blocked_at', { withTimezone: true }),
    /** Set by the visitor's unsubscribe link: no more emails about unseen replies (docs/EMAIL.md). */
    emailUnsubscribedAt: timestamp('email_unsubscribed_at', { withTimezone: true }),
    /** The person behind this visitor (drizzle/schema/contacts.ts); null until they are known or described. */
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    index('visitors_project_idx').on(t.projectId),
    index('visitors_contact_idx').on(t.contactId),
    // One visitor per proven identity, so a verified user finds their conversations on any device.
    uniqueIndex('visitors_verified_identity_idx')
      .on(t.projectId, t.externalId)
      .where(sql`${t.verified} and ${t.externalId} is not null`),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    status: conversationStatus('status').notNull().default('open'),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** Highest committed `seq`; only the conversation's ConversationRoom advances it. */
    lastSeq: integer('last_seq').notNull().default(0),
    /** The opening request's client id, so a retried "open conversation" creates one conversation. */
    openingClientId: text('opening_client_id'),
    // Denormalized for lists: last_activity_at by the room's commit, the rest by the events consumer
    // (worker/events/handlers/conversations.ts).
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    lastMessagePreview: text('last_message_preview'),
    /** The seq of the public message the preview shows: a later event only replaces a newer one. */
    lastMessageSeq: integer('last_message_seq').notNull().default(0),
    unreadByAgent: integer('unread_by_agent').notNull().default(0),
    unreadByVisitor: integer('unread_by_visitor').notNull().default(0),
    /**
     * The highest seq both unread counts have counted (the statement that last counted saw every
     * message up to it, and no later one): a count adds only the messages after it instead of
     * recounting everything after the read mark (worker/conversations/denormalize.ts).
     */
    unreadCountedSeq: integer('unread_counted_seq').notNull().default(0),
    /**
     * The read seqs and counts that count wrote, 'agent read:visitor read:by agent:by visitor'. A
     * row whose fields differ (written by anything else: a version before this column, a manual
     * fix) or that has none is recounted, never added to.
     */
    unreadCountedMarks: text('unread_counted_marks'),
    visitorReadSeq: integer('visitor_read_seq').notNull().default(0),
    agentReadSeq: integer('agent_read_seq').notNull().default(0),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    /**
     * When the conversation was resolved, while it is (set and cleared with the status, at its status
     * event's instant): the identity of a resolution, which a CSAT rating names
     * (conversation_ratings.resolved_at), and what the reports' recount reads.
     */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** Bumped by every UPDATE of the row (row-locked, so strictly increasing): lets the inbox drop stale pushes. */
    revision: integer('revision').notNull().default(0),
    /** The conversation's labels, mirrored from conversation_labels in the same transaction
     * (worker/labels/apply.ts) so a summary never needs a join. */
    labelIds: uuid('label_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Set by agents (worker/conversations/priority.ts); null: none. */
    priority: conversationPriority('priority'),
    ...timestamps,
  },
  (t) => [
    // The inbox's lists, newest activity first (worker/conversations/queries.ts): each filter walks
    // an index already in that order and stops after a page, at any size (docs/BENCHMARKS.md, "Data
    // scale"): all, by status, by assignee, and unassigned — `assignee_id is null` is no equality
    // to Postgres, so an index on (assignee_id, activity) would still sort every unassigned row.
    // NULLS FIRST is what `order by … desc` means: a DESC NULLS LAST index (drizzle's `.desc()`)
    // does not serve that order, and the first version of the activity index went unused.
    index('conversations_project_activity_idx').on(
      t.projectId,
      t.lastActivityAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('conversations_project_status_activity_idx').on(
      t.projectId,
      t.status,
      t.lastActivityAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('conversations_project_assignee_activity_idx').on(
      t.projectId,
      t.assigneeId,
      t.lastActivityAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('conversations_project_unassigned_activity_idx')
      .on(t.projectId, t.lastActivityAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.assigneeId} is null`),
    index('conversations_visitor_idx').on(t.visitorId),
    // Retention's search for resolved conversations untouched for a project's period.
    index('conversations_resolved_idx').on(t.projectId, t.updatedAt).where(sql`${t.status} = 'resolved'`),
    uniqueIndex('conversations_opening_client_idx')
      .on(t.visitorId, t.openingClientId)
      .where(sql`${t.openingClientId} is not null`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** The sender's idempotency key: a retry with the same id gets the original `seq`. */
    clientId: text('client_id'),
    authorKind: authorKind('author_kind').notNull(),
    /** Visitor id or user id; null for system messages. */
    authorId: uuid('author_id'),
    body: text('body').notNull().default(''),
    /** Private notes: agents only, never sent to visitors. */
    private: boolean('private').notNull().default(false),
    attachmentKey: text('attachment_key'),
    attachmentName: text('attachment_name'),
    attachmentContentType: text('attachment_content_type'),
    attachmentSize: integer('attachment_size'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the message was deleted: its body and attachment are erased, a tombstone stays. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /**
     * A private note's mentioned teammates (user ids, members when it was committed); null when it
     * mentions nobody, and again once it is deleted.
     */
    mentions: uuid('mentions').array(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_idx').on(t.conversationId, t.seq),
    // The Mentions list: a project's few notes that mention someone (`mentions @> {me}` implies
    // not null), filtered by who on the way; small, and no cost to any other read of messages.
    index('messages_mentions_idx').on(t.projectId).where(sql`${t.mentions} is not null`),
    uniqueIndex('messages_conversation_client_idx').on(t.conversationId, t.clientId),
    index('messages_project_created_idx').on(t.projectId, t.createdAt),
    index('messages_body_fts_idx').using('gin', sql`to_tsvector('simple', ${t.body})`),
  ],
);

/** How far each reader has read; the conversation keeps the per-side maximum for unread counts. */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    readerKind: authorKind('reader_kind').notNull(),
    readerId: uuid('reader_id').notNull(),
    readSeq: integer('read_seq').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.readerKind, t.readerId] })],
);

/** Per-project conversation settings; a project without a row uses the defaults in worker/conversations/settings.ts. */
export const conversationSettings = pgTable('conversation_settings', {
  projectId: uuid('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  autoAssign: autoAssignMode('auto_assign').notNull().default('off'),
  /** An agent's public reply to an unassigned conversation assigns it to them (durable-objects/room/assign-on-reply.ts). */
  assignOnReply: boolean('assign_on_reply').notNull().default(false),
  attachmentMaxBytes: integer('attachment_max_bytes')
    .notNull()
    .default(10 * 1024 * 1024),
  /** Content types (as sniffed from the bytes) that may be uploaded. */
  attachmentTypes: text('attachment_types')
    .array()
    .notNull()
    .default(
      sql`'{image/png,image/jpeg,image/gif,image/webp,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.openxmlformats-officedocument.presentationml.presentation}'::text[]`,
    ),
  /** Retention: resolved conversations untouched for this many days are erased by the cron
   * (worker/operations/retention.ts); null = kept (the default). */
  resolvedRetentionDays: integer('resolved_retention_days'),
  /** Email a visitor the agents' replies they have not seen after this many seconds; null = off. */
  unseenReplyEmailDelaySeconds: integer('unseen_reply_email_delay_seconds').default(180),
  /** How long an author may delete their own message, in minutes; 0 = never (agents may always
   * delete a visitor's message). core/conversations/deletion.ts reads it. */
  messageDeleteWindowMinutes: integer('message_delete_window_minutes').notNull().default(15),
  ...timestamps,
});
