// Reports: one row of facts per conversation, kept by the events consumer's `reports` handler
// (worker/events/handlers/reports.ts) and rebuilt from the source tables by the recount
// (worker/reports/recount.ts). A report aggregates these rows over a range, never `messages`.
// Every column is a minimum or a last-writer-by-time value, so events may come in any order,
// grouped or repeated (docs/DATABASE_AND_EVENTS.md, "Report rollups").
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';
import { conversations } from './conversations.ts';
import { projects, users } from './tenancy.ts';

export const reportConversations = pgTable(
  'report_conversations',
  {
    /** Erasing the conversation erases its facts; a late event never brings them back (the
     * handler inserts only for a conversation that exists). */
    conversationId: uuid('conversation_id')
      .primaryKey()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** `conversation.created`'s time (the row's created_at). */
    openedAt: timestamp('opened_at', { withTimezone: true }),
    /** The earliest public agent message: a minimum over `message.created`. */
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    /** The latest status change wins (by time, then event key): `status_changed_at` is its time. */
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }),
    statusKey: text('status_key').notNull().default(''),
    /** When the conversation was resolved, while its latest status is resolved; null otherwise. */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** The latest assignee (by time, then event key; an assignment outranks the creation's). */
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    assigneeAt: timestamp('assignee_at', { withTimezone: true }),
    assigneeKey: text('assignee_key').notNull().default(''),
    /** The whole label set after the latest `conversation.labels_changed` (by changedAt). */
    labelIds: text('label_ids').array().notNull().default(sql`'{}'::text[]`),
    labelsAt: timestamp('labels_at', { withTimezone: true }),
    labelsKey: text('labels_key').notNull().default(''),
    /** The latest `conversation.rated` (by ratedAt): its rating, the resolution it rates and who resolved it. */
    rating: smallint('rating'),
    ratingResolvedAt: timestamp('rating_resolved_at', { withTimezone: true }),
    ratingAssigneeId: uuid('rating_assignee_id').references(() => users.id, { onDelete: 'set null' }),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    ratingKey: text('rating_key').notNull().default(''),
    ...timestamps,
  },
  (t) => [
    // A report reads each measure by its own time: these keep a 90-day report an index range scan.
    index('report_conversations_opened_idx').on(t.projectId, t.openedAt),
    index('report_conversations_resolved_idx').on(t.projectId, t.resolvedAt).where(sql`${t.resolvedAt} is not null`),
    index('report_conversations_rated_idx')
      .on(t.projectId, t.ratingResolvedAt)
      .where(sql`${t.ratingResolvedAt} is not null`),
  ],
);

/** Who may see a project's reports; a project without a row: Managers only. */
export const reportSettings = pgTable('report_settings', {
  projectId: uuid('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  agentsMayView: boolean('agents_may_view').notNull().default(false),
  ...timestamps,
});
