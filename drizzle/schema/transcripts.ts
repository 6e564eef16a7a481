// Transcripts a visitor asked for from the widget: one pending request per conversation, mailed
// when the conversation is resolved (worker/events/handlers/transcripts.ts) and marked sent then.
// Deleted with the conversation (erasure, retention).
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversations } from './conversations.ts';
import { projects } from './tenancy.ts';

export const transcriptRequests = pgTable(
  'transcript_requests',
  {
    conversationId: uuid('conversation_id')
      .primaryKey()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Where the transcript goes (the visitor's, as given when asking). */
    email: text('email').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set in the transaction that mails it: a redelivered resolve event finds it sent. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('transcript_requests_project_idx').on(t.projectId)],
);
