// DELETE /api/projects/:projectId/webhooks/:id.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { noContent } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { webhooksKey } from './get-webhooks.ts';

export const deleteWebhook = (projectId: string, endpointId: string) =>
  api.request(`/api/projects/${projectId}/webhooks/${endpointId}`, noContent, { method: 'DELETE' });

export function useDeleteWebhook(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (endpointId: string) => deleteWebhook(projectId, endpointId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey(projectId) }),
  });
}
