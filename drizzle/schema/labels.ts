// Labels: a project's own tags (name, colour, description) that agents and API tokens put on
// conversations, and the inbox filters by. `conversation_labels` is the source of truth for which
// conversation carries which label; conversations.label_ids mirrors it (written in the same
// transaction) so every summary — REST, room frames, inbox pushes — carries its labels without a join.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { conversations } from './conversations.ts';
import { projects } from './tenancy.ts';

export const labels = pgTable(
  'labels',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** One of the fixed palette's names (contract/rest/labels.ts), never a free CSS value. */
    color: text('color').notNull(),
    description: text('description').notNull().default(''),
    ...timestamps,
  },
  // Names are unique per project whatever their case ("Billing" and "billing" are one label).
  (t) => [uniqueIndex('labels_project_name_idx').on(t.projectId, sql`lower(${t.name})`)],
);

export const conversationLabels = pgTable(
  'conversation_labels',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    labelId: uuid('label_id')
      .notNull()
      .references(() => labels.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The primary key answers "this conversation's labels" and the inbox filter's semi-join probe.
    primaryKey({ columns: [t.conversationId, t.labelId] }),
    // "The conversations carrying this label": the filter when the label is rare, and a label's deletion.
    index('conversation_labels_label_idx').on(t.labelId, t.conversationId),
  ],
);

/** Who may define labels in a project; a project without a row keeps the default (Managers only). */
export const labelSettings = pgTable('label_settings', {
  projectId: uuid('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  agentsMayDefine: boolean('agents_may_define').notNull().default(false),
  ...timestamps,
});
