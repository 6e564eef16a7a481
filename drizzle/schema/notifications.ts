// Email notifications: one durable marker per (kind, recipient, conversation) that makes a delayed,
// batched notification happen exactly once (worker/notifications/marks.ts), and the recipients'
// choices (a visitor's unsubscribe on `visitors`, an agent's opt-out on `users`).
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversations } from './conversations.ts';
import { projects } from './tenancy.ts';

export const notificationMarks = pgTable(
  'notification_marks',
  {
    /** What is notified: `visitor_unseen_replies` or `agent_activity` (contract/notifications.ts). */
    kind: text('kind').notNull(),
    /** The visitor's or the agent's id. */
    recipientId: uuid('recipient_id').notNull(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** High-water mark: every message up to this seq has been notified (or was seen in time). */
    notifiedSeq: integer('notified_seq').notNull().default(0),
    /** When the delayed Queue message is due; null = none outstanding (the next event schedules one). */
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** Reasons waiting besides new messages (e.g. `assigned`), consumed by the send. */
    reasons: text('reasons').array().notNull().default(sql`'{}'::text[]`),
    /** When the last email went out. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.recipientId, t.conversationId] }),
    index('notification_marks_conversation_idx').on(t.conversationId),
    index('notification_marks_project_idx').on(t.projectId),
  ],
);
