// PATCH /api/projects/:projectId/settings: change any subset of the settings (Managers).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { projectSettings } from '../../../../../contract/rest/settings.ts';
import { api } from '../../../lib/api-client.ts';
import { settingsKey, type WidgetSettings } from './get-settings.ts';

export interface SettingsPatch {
  allowedDomains?: string[];
  widgetSettings?: WidgetSettings;
  requireVerifiedIdentity?: boolean;
  require2fa?: boolean;
  agentsDefineAttributes?: boolean;
}

export const updateSettings = (projectId: string, patch: SettingsPatch) =>
  api.request(`/api/projects/${projectId}/settings`, projectSettings, { method: 'PATCH', body: patch });

export function useUpdateSettings(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => updateSettings(projectId, patch),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey(projectId), settings);
      // A changed 2FA policy changes what the project list says about this user.
      void queryClient.invalidateQueries({ queryKey: ['project-list'] });
    },
  });
}
