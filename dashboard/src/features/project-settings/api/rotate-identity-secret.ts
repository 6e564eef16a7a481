// POST /api/projects/:projectId/identity-secret: a new identity-verification secret, shown once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { identitySecret } from '../../../../../contract/rest/settings.ts';
import { api } from '../../../lib/api-client.ts';
import { settingsKey } from './get-settings.ts';

export const rotateIdentitySecret = (projectId: string) =>
  api.request(`/api/projects/${projectId}/identity-secret`, identitySecret, { method: 'POST' });

export function useRotateIdentitySecret(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => rotateIdentitySecret(projectId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKey(projectId) }),
  });
}
