// DELETE /api/projects/:projectId/identity-secret: identity verification off.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { settingsKey } from './get-settings.ts';

export const deleteIdentitySecret = (projectId: string) =>
  api.request<{ ok: true }>(`/api/projects/${projectId}/identity-secret`, { method: 'DELETE' });

export function useDeleteIdentitySecret(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteIdentitySecret(projectId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKey(projectId) }),
  });
}
