// Fans an event out to the project's webhook endpoints: one delivery row per matching endpoint,
// written with the processed marker; the first attempt runs right after commit.
import { and, eq } from 'drizzle-orm';
import type { OutboxEvent } from '../../../contract/events.ts';
import { webhookDeliveries, webhookEndpoints } from '../../../drizzle/schema/events.ts';
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

/**
 * A batch's events are grouped by project: the project's enabled endpoints are read once, and
 * each event gets a delivery row per endpoint whose filter takes it.
 */
export const webhooksHandler: EventHandler = {
  name: 'webhooks',
  handles: () => true,
  groupBy: (event) => event.projectId,
  async apply(tx, events, deps) {
    const projectId = events[0]?.projectId;
    if (!projectId) return undefined;
    const endpoints = await tx
      .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.projectId, projectId), eq(webhookEndpoints.enabled, true)));
    const rows = events.flatMap((event) => {
      const body = webhookBody(event);
      return endpoints
        .filter((e) => e.eventTypes.length === 0 || e.eventTypes.includes(event.type))
        .map((e) => ({ projectId, endpointId: e.id, eventId: event.id, eventType: event.type, body }));
    });
    if (rows.length === 0) return undefined;
    const created = await tx
      .insert(webhookDeliveries)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    return created.map(
      ({ id }) =>
        () =>
          attemptDelivery(deps, id),
    );
  },
};
