// The data lifecycle's own tables (docs/DATABASE_AND_EVENTS.md, "Erasure, export and retention"):
// what an erasure still has to remove outside Postgres (R2 objects, rooms' and inboxes' storage),
// exports being built or waiting to be downloaded, and uploads whose message has not committed yet.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id } from './columns.ts';
import { conversations } from './conversations.ts';
import { projects, users } from './tenancy.ts';

/**
 * Storage outside Postgres an erasure must clear, written in the erasure's transaction so nothing
 * is forgotten if the request dies: the request runs its task at once, the cron retries what
 * failed. No foreign key to the project: a project's tasks outlive its row.
 */
export const erasureTasks = pgTable(
  'erasure_tasks',
  {
    id: id(),
    projectId: uuid('project_id').notNull(),
    /** ConversationRooms whose storage is wiped (and sockets closed). */
    conversationIds: uuid('conversation_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** R2 key prefixes (or whole keys) whose objects are deleted. */
    prefixes: text('prefixes').array().notNull().default(sql`'{}'::text[]`),
    /** True: the project's inbox is wiped (project erasure); else it only forgets the conversations. */
    eraseInbox: boolean('erase_inbox').notNull().default(false),
    attempts: integer('attempts').notNull().default(0),
    /** The failure's class, never its text. */
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('erasure_tasks_due_idx').on(t.nextAttemptAt)],
);

export const exportScope = pgEnum('export_scope', ['visitor', 'conversation', 'project']);
export const exportStatus = pgEnum('export_status', ['pending', 'ready', 'failed']);

/** An export a Manager asked for: built in the background into one JSON object in R2. */
export const dataExports = pgTable(
  'data_exports',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    scope: exportScope('scope').notNull(),
    /** The visitor or conversation exported; null for the whole project. */
    subjectId: uuid('subject_id'),
    status: exportStatus('status').notNull().default('pending'),
    /** Where the archive is in R2 once built. */
    objectKey: text('object_key'),
    size: integer('size'),
    /** Why it failed: `too_large` or `internal`. */
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** After this the archive is deleted by the cron (retention). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // The exports list (order by created_at desc), read backwards: a DESC NULLS LAST index cannot give
    // that order (NULLS FIRST), so Postgres sorted every export of the project.
    index('data_exports_project_idx').on(t.projectId, t.createdAt),
    index('data_exports_expires_idx').on(t.expiresAt),
  ],
);

/**
 * An attachment stored in R2 whose message is being sent: the upload route writes the row before
 * the object and deletes it once the message committed (or the object, when the send failed). A
 * row left an hour later is an upload that never became a message: the cron deletes its object.
 */
export const attachmentUploads = pgTable(
  'attachment_uploads',
  {
    key: text('key').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachment_uploads_created_idx').on(t.createdAt)],
);
