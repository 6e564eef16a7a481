// The event-driven core's own tables: processed markers (idempotent consumers), failed and
// dead-lettered events (visible to Managers), webhook endpoints and their delivery log.
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { projects } from './tenancy.ts';

/** One row per (consumer, event) whose effect is committed: written in the effect's transaction. */
export const processedEvents = pgTable(
  'processed_events',
  {
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] }), index('processed_events_at_idx').on(t.processedAt)],
);

/** Events whose handling failed: last error and attempts; dead_lettered_at once the DLQ took them. */
export const failedEvents = pgTable(
  'failed_events',
  {
    eventId: uuid('event_id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    /** The whole event as it travelled on the Queue, so a replay sends exactly it again. */
    event: jsonb('event').notNull(),
    lastError: text('last_error').notNull(),
    attempts: integer('attempts').notNull().default(0),
    deadLetteredAt: timestamp('dead_lettered_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('failed_events_project_idx').on(t.projectId, t.deadLetteredAt)],
);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** Event types to deliver; empty = every event. */
    eventTypes: text('event_types').array().notNull().default(sql`'{}'::text[]`),
    /** Signing secret, AES-GCM encrypted (context `webhook_endpoints.secret:<id>`). */
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    disabledReason: text('disabled_reason'),
    ...timestamps,
  },
  (t) => [index('webhook_endpoints_project_idx').on(t.projectId)],
);

export const deliveryStatus = pgEnum('webhook_delivery_status', ['pending', 'succeeded', 'failed']);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The exact body signed and sent, so retries send the same bytes. */
    body: text('body').notNull(),
    status: deliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseCode: integer('response_code'),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_idx').on(t.endpointId, t.eventId),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    // Retention prunes the delivery log by age across projects.
    index('webhook_deliveries_created_idx').on(t.createdAt),
  ],
);
