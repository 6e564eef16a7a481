// POST /api/projects/:projectId/events/failed/:eventId/replay: send the event through again.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { failedEventReplayed } from '../../../../../contract/rest/failed-events.ts';
import { api } from '../../../lib/api-client.ts';
import { failedEventsKey } from './get-failed-events.ts';

export const replayFailedEvent = (projectId: string, eventId: string) =>
  api.request(`/api/projects/${projectId}/events/failed/${eventId}/replay`, failedEventReplayed, { method: 'POST' });

export function useReplayFailedEvent(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string) => replayFailedEvent(projectId, eventId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: failedEventsKey(projectId) }),
  });
}
