// POST /api/projects/:projectId/webhooks/:id/rotate-secret: a new signing secret, shown once.
import { useMutation } from '@tanstack/react-query';
import { webhookSecret } from '../../../../../contract/rest/webhooks.ts';
import { api } from '../../../lib/api-client.ts';

export const rotateWebhookSecret = (projectId: string, endpointId: string) =>
  api.request(`/api/projects/${projectId}/webhooks/${endpointId}/rotate-secret`, webhookSecret, {
    method: 'POST',
  });

export function useRotateWebhookSecret(projectId: string) {
  return useMutation({ mutationFn: (endpointId: string) => rotateWebhookSecret(projectId, endpointId) });
}
