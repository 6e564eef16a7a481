// GET /api/projects/:projectId/events/failed: events whose handling failed or was dead-lettered.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface FailedEvent {
  eventId: string;
  type: string;
  lastError: string;
  attempts: number;
  deadLetteredAt: string | null;
  updatedAt: string;
}

export const failedEventsKey = (projectId: string) => ['projects', projectId, 'events', 'failed'] as const;

export const getFailedEvents = (projectId: string) =>
  api.request<{ events: FailedEvent[] }>(`/api/projects/${projectId}/events/failed`);

export const failedEventsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: failedEventsKey(projectId),
    queryFn: () => getFailedEvents(projectId),
    select: (data) => data.events,
  });

export function useFailedEvents(projectId: string) {
  return useQuery(failedEventsQueryOptions(projectId));
}
