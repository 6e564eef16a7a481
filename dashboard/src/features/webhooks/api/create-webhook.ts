// POST /api/projects/:projectId/webhooks: a new endpoint; its signing secret is returned once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { webhookEndpointCreated } from '../../../../../contract/rest/webhooks.ts';
import { api } from '../../../lib/api-client.ts';
import { webhooksKey } from './get-webhooks.ts';

export interface WebhookInput {
  url: string;
  description?: string;
  eventTypes?: string[];
}

export const createWebhook = (projectId: string, input: WebhookInput) =>
  api.request(`/api/projects/${projectId}/webhooks`, webhookEndpointCreated, {
    method: 'POST',
    body: input,
  });

export function useCreateWebhook(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WebhookInput) => createWebhook(projectId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey(projectId) }),
  });
}
