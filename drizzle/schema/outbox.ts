// The transactional outbox: every change other parts react to writes a row here in the same
// transaction as the change; the relay publishes rows to the Queue (DESIGN invariants 3, 6).
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { projects } from './tenancy.ts';

export const outboxEvents = pgTable(
  'outbox_events',
  {
    /** The event id consumers deduplicate on. */
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** Commit order, for relaying oldest first. */
    position: bigserial('position', { mode: 'number' }).notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** e.g. 'conversation', 'membership'. */
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    /** e.g. 'message.created', 'conversation.assigned'. */
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [
    index('outbox_unpublished_idx').on(t.position).where(sql`${t.publishedAt} is null`),
    index('outbox_published_idx').on(t.publishedAt),
    // Erasure finds the events about a conversation (or an erased project's last event) by it.
    index('outbox_aggregate_idx').on(t.aggregateId),
  ],
);
