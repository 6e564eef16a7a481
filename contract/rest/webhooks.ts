// REST shapes of a project's webhooks (/api/projects/:projectId/webhooks, Managers): endpoints,
// their signing secret (in a create's or a rotation's answer only), and the delivery log.
import { z } from 'zod';
import { webhookFailure } from '../enums.ts';

export const webhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  consecutiveFailures: z.number(),
  /** Why delivery stopped, when it was turned off for failing. */
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;

export const webhookEndpointList = z.object({ endpoints: z.array(webhookEndpoint) });
export const webhookEndpointCreated = z.object({ endpoint: webhookEndpoint, secret: z.string() });
export const webhookEndpointUpdated = z.object({ endpoint: webhookEndpoint });
export const webhookSecret = z.object({ secret: z.string() });

export const webhookDelivery = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number(),
  responseCode: z.number().nullable(),
  /** A failure class, never the network's error text. */
  lastError: webhookFailure.nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const webhookDeliveryPage = z.object({
  deliveries: z.array(webhookDelivery),
  /** Pass back as `before` for the next page (opaque); null on the last one. */
  nextCursor: z.string().nullable(),
});
