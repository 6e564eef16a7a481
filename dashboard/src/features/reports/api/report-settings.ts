// GET/PUT /api/projects/:projectId/reports/settings: whether Agents may read the reports.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { reportSettings } from '../../../../../contract/rest/reports.ts';
import { api } from '../../../lib/api-client.ts';

export const reportSettingsKey = (projectId: string) => ['projects', projectId, 'reports', 'settings'] as const;

export function useReportSettings(projectId: string, enabled = true) {
  return useQuery({
    queryKey: reportSettingsKey(projectId),
    queryFn: () => api.request(`/api/projects/${projectId}/reports/settings`, reportSettings),
    enabled,
  });
}

export function useSaveReportSettings(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (agentsMayView: boolean) =>
      api.request(`/api/projects/${projectId}/reports/settings`, reportSettings, {
        method: 'PUT',
        body: { agentsMayView },
      }),
    onSuccess: (data) => queryClient.setQueryData(reportSettingsKey(projectId), data),
  });
}
