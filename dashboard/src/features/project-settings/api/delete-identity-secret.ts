// DELETE /api/projects/:projectId/identity-secret: identity verification off.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { settingsKey } from './get-settings.ts';

export const deleteIdentitySecret = (projectId: string) =>
  api.request(`/api/projects/${projectId}/identity-secret`, ok, { method: 'DELETE' });

export function useDeleteIdentitySecret(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteIdentitySecret(projectId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKey(projectId) }),
  });
}
