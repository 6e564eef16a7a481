// PATCH /api/projects/:projectId/webhooks/:id: change the URL, events, or enable/disable it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { webhookEndpointUpdated } from '../../../../../contract/rest/webhooks.ts';
import { api } from '../../../lib/api-client.ts';
import type { WebhookInput } from './create-webhook.ts';
import { webhooksKey } from './get-webhooks.ts';

export type WebhookPatch = Partial<WebhookInput> & { enabled?: boolean };

export const updateWebhook = (projectId: string, endpointId: string, patch: WebhookPatch) =>
  api.request(`/api/projects/${projectId}/webhooks/${endpointId}`, webhookEndpointUpdated, {
    method: 'PATCH',
    body: patch,
  });

export function useUpdateWebhook(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ endpointId, patch }: { endpointId: string; patch: WebhookPatch }) =>
      updateWebhook(projectId, endpointId, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey(projectId) }),
  });
}
