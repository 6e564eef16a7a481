// GET /api/projects/:projectId/events/failed: events whose handling failed or was dead-lettered.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { failedEventList } from '../../../../../contract/rest/failed-events.ts';
import { api } from '../../../lib/api-client.ts';

export const failedEventsKey = (projectId: string) => ['projects', projectId, 'events', 'failed'] as const;

export const getFailedEvents = (projectId: string) =>
  api.request(`/api/projects/${projectId}/events/failed`, failedEventList);

export const failedEventsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: failedEventsKey(projectId),
    queryFn: () => getFailedEvents(projectId),
    select: (data) => data.events,
  });

export function useFailedEvents(projectId: string) {
  return useQuery(failedEventsQueryOptions(projectId));
}
