// GET /api/projects/:projectId/webhooks: the project's webhook endpoints (Managers).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { eventTypes } from '../../../../../contract/events.ts';
import { webhookEndpointList } from '../../../../../contract/rest/webhooks.ts';
import { api } from '../../../lib/api-client.ts';

export type { WebhookEndpoint } from '../../../../../contract/rest/webhooks.ts';

/** Every event a webhook can subscribe to, from the event catalogue. */
export const EVENT_TYPES = eventTypes;

export const webhooksKey = (projectId: string) => ['projects', projectId, 'webhooks'] as const;

export const getWebhooks = (projectId: string) =>
  api.request(`/api/projects/${projectId}/webhooks`, webhookEndpointList);

export const webhooksQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: webhooksKey(projectId),
    queryFn: () => getWebhooks(projectId),
    select: (data) => data.endpoints,
  });

export function useWebhooks(projectId: string) {
  return useQuery(webhooksQueryOptions(projectId));
}
