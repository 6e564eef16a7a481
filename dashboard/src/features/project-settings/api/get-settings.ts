// GET /api/projects/:projectId/settings: allowed domains, widget look, identity and 2FA policy (Managers).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { projectSettings } from '../../../../../contract/rest/settings.ts';
import { api } from '../../../lib/api-client.ts';

export type { ProjectSettings } from '../../../../../contract/rest/settings.ts';
export type { WidgetSettings } from '../../../../../contract/widget-settings.ts';

export const settingsKey = (projectId: string) => ['projects', projectId, 'settings'] as const;

export const getSettings = (projectId: string) => api.request(`/api/projects/${projectId}/settings`, projectSettings);

export const settingsQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: settingsKey(projectId), queryFn: () => getSettings(projectId) });

export function useSettings(projectId: string) {
  return useQuery(settingsQueryOptions(projectId));
}
