// GET /api/projects/:projectId/webhooks: the project's webhook endpoints (Managers).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { eventTypes } from '../../../../../contract/events.ts';
import { api } from '../../../lib/api-client.ts';

/** Every event a webhook can subscribe to, from the event catalogue. */
export const EVENT_TYPES = eventTypes;

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  consecutiveFailures: number;
  disabledReason: string | null;
  createdAt: string;
}

export const webhooksKey = (projectId: string) => ['projects', projectId, 'webhooks'] as const;

export const getWebhooks = (projectId: string) =>
  api.request<{ endpoints: WebhookEndpoint[] }>(`/api/projects/${projectId}/webhooks`);

export const webhooksQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: webhooksKey(projectId),
    queryFn: () => getWebhooks(projectId),
    select: (data) => data.endpoints,
  });

export function useWebhooks(projectId: string) {
  return useQuery(webhooksQueryOptions(projectId));
}
