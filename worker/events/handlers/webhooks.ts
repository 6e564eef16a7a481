// Fans an event out to the project's webhook endpoints: one delivery row per matching endpoint,
// written with the processed marker; the first attempt runs right after commit.
import { and, arrayContains, eq, or, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../../drizzle/schema/events.ts';
import type { OutboxEvent } from '../catalogue.ts';
import { attemptDelivery } from '../webhooks/deliver.ts';
import type { EventHandler } from './types.ts';

/** The JSON body receivers get (documented in docs/DATABASE_AND_EVENTS.md). */
export function webhookBody(event: OutboxEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    projectId: event.projectId,
    createdAt: event.createdAt,
    data: event.payload,
  });
}

export const webhooksHandler: EventHandler = {
  name: 'webhooks',
  handles: () => true,
  async apply(tx, event, deps) {
    const endpoints = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(
        and(
          eq(webhookEndpoints.projectId, event.projectId),
          eq(webhookEndpoints.enabled, true),
          or(
            sql`cardinality(${webhookEndpoints.eventTypes}) = 0`,
            arrayContains(webhookEndpoints.eventTypes, [event.type]),
          ),
        ),
      );
    if (endpoints.length === 0) return undefined;
    const body = webhookBody(event);
    const created = await tx
      .insert(webhookDeliveries)
      .values(
        endpoints.map((e) => ({
          projectId: event.projectId,
          endpointId: e.id,
          eventId: event.id,
          eventType: event.type,
          body,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    return async () => {
      for (const { id } of created) await attemptDelivery(deps, id);
    };
  },
};
