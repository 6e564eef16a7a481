// GET /api/projects/:projectId/settings: allowed domains, widget look, identity and 2FA policy (Managers).
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { WidgetSettings } from '../../../../../contract/widget-settings.ts';
import { api } from '../../../lib/api-client.ts';

export type { WidgetSettings };

export interface ProjectSettings {
  allowedDomains: string[];
  widgetSettings: WidgetSettings;
  requireVerifiedIdentity: boolean;
  require2fa: boolean;
  identitySecretConfigured: boolean;
}

export const settingsKey = (projectId: string) => ['projects', projectId, 'settings'] as const;

export const getSettings = (projectId: string) => api.request<ProjectSettings>(`/api/projects/${projectId}/settings`);

export const settingsQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: settingsKey(projectId), queryFn: () => getSettings(projectId) });

export function useSettings(projectId: string) {
  return useQuery(settingsQueryOptions(projectId));
}
