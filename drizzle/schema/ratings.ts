// CSAT: one row per resolution a visitor rated (docs/DATABASE_AND_EVENTS.md "Ratings"). Written by
// the conversation's room only (core/conversations/ratings.ts), with its `conversation.rated`
// outbox row in the same statement; changed in place within 24 h of `created_at`.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { conversations } from './conversations.ts';
import { projects, users } from './tenancy.ts';

export const conversationRatings = pgTable(
  'conversation_ratings',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** The resolution rated: conversations.resolved_at when it was resolved. A new resolution is a new row. */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }).notNull(),
    rating: smallint('rating').notNull(),
    /** The visitor's optional words; erased with the conversation. */
    comment: text('comment'),
    /** Who had the conversation when it was last rated (as its latest `conversation.rated` says), so reports credit the agent of that resolution. */
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** First given: the 24 h in which the visitor may change it run from here. */
    ...timestamps,
  },
  (t) => [
    uniqueIndex('conversation_ratings_resolution_idx').on(t.conversationId, t.resolvedAt),
    // Reports and recounts read a project's ratings by time.
    index('conversation_ratings_project_idx').on(t.projectId, t.resolvedAt),
    check('conversation_ratings_rating_range', sql`${t.rating} between 1 and 5`),
  ],
);
