// GET/PUT /api/projects/:projectId/business-hours: the hours, force away and reply-time setting,
// with the availability they give right now.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BusinessHoursInput } from '../../../../../contract/availability.ts';
import { businessHoursView } from '../../../../../contract/rest/business-hours.ts';
import { api } from '../../../lib/api-client.ts';

export const businessHoursKey = (projectId: string) => ['projects', projectId, 'business-hours'] as const;

export function useBusinessHours(projectId: string) {
  return useQuery({
    queryKey: businessHoursKey(projectId),
    queryFn: () => api.request(`/api/projects/${projectId}/business-hours`, businessHoursView),
    // "Right now" follows agents coming and going without a reload.
    refetchInterval: 15_000,
  });
}

export function useSaveBusinessHours(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BusinessHoursInput) =>
      api.request(`/api/projects/${projectId}/business-hours`, businessHoursView, { method: 'PUT', body }),
    onSuccess: (data) => queryClient.setQueryData(businessHoursKey(projectId), data),
  });
}
