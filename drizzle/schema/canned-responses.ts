// Canned responses: a project's saved replies, inserted in the dashboard's composer as /shortcut.
import { pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { projects, users } from './tenancy.ts';

export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Typed after "/" in the composer: lowercase letters, digits, - and _. Unique per project. */
    shortcut: text('shortcut').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  // Also serves "this project's responses" (its leading column).
  (t) => [uniqueIndex('canned_responses_project_shortcut_idx').on(t.projectId, t.shortcut)],
);
