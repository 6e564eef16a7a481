// GET /api/projects/:projectId/webhooks/:id/deliveries: an endpoint's delivery log, newest first.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { webhookDeliveryPage } from '../../../../../contract/rest/webhooks.ts';
import { api } from '../../../lib/api-client.ts';

export type { WebhookDelivery } from '../../../../../contract/rest/webhooks.ts';

export const getDeliveries = (projectId: string, endpointId: string, before: string | null) =>
  api.request(`/api/projects/${projectId}/webhooks/${endpointId}/deliveries`, webhookDeliveryPage, {
    query: { before, limit: 25 },
  });

export const deliveriesQueryOptions = (projectId: string, endpointId: string) =>
  infiniteQueryOptions({
    queryKey: ['projects', projectId, 'webhooks', endpointId, 'deliveries'],
    queryFn: ({ pageParam }) => getDeliveries(projectId, endpointId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 10_000,
  });

export function useDeliveries(projectId: string, endpointId: string) {
  return useInfiniteQuery(deliveriesQueryOptions(projectId, endpointId));
}
