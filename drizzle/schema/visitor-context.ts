// What the dashboard's visitor panel shows about where a visitor is: the page and its title, the
// browser, language and time zone — the latest the widget reported (one row per visitor).
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { visitors } from './conversations.ts';
import { projects } from './tenancy.ts';

export const visitorContexts = pgTable(
  'visitor_contexts',
  {
    visitorId: uuid('visitor_id')
      .primaryKey()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userAgent: text('user_agent'),
    /** The host page the widget runs on (an origin only when the browser's referrer policy hides the path). */
    pageUrl: text('page_url'),
    pageTitle: text('page_title'),
    /** Where the visitor came to the host page from. */
    referrer: text('referrer'),
    locale: text('locale'),
    timezone: text('timezone'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Retention prunes contexts not reported for a while.
  (t) => [index('visitor_contexts_updated_idx').on(t.updatedAt)],
);
