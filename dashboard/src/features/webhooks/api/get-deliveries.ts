// GET /api/projects/:projectId/webhooks/:id/deliveries: an endpoint's delivery log, newest first.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { WebhookFailure } from '../../../../../contract/enums.ts';
import { api } from '../../../lib/api-client.ts';

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  responseCode: number | null;
  /** A failure class, never the network's error text. */
  lastError: WebhookFailure | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export const getDeliveries = (projectId: string, endpointId: string, before: string | null) =>
  api.request<{ deliveries: WebhookDelivery[]; nextCursor: string | null }>(
    `/api/projects/${projectId}/webhooks/${endpointId}/deliveries`,
    { query: { before, limit: 25 } },
  );

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
