// PATCH /api/projects/:projectId/canned-responses/:id (Managers).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cannedResponseSaved } from '../../../../../contract/rest/canned-responses.ts';
import { api } from '../../../lib/api-client.ts';
import type { CannedResponseInput } from './create-canned-response.ts';
import { cannedResponsesKey } from './get-canned-responses.ts';

export const updateCannedResponse = (projectId: string, id: string, input: Partial<CannedResponseInput>) =>
  api.request(`/api/projects/${projectId}/canned-responses/${id}`, cannedResponseSaved, {
    method: 'PATCH',
    body: input,
  });

export function useUpdateCannedResponse(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: Partial<CannedResponseInput> }) =>
      updateCannedResponse(projectId, id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedResponsesKey(projectId) }),
  });
}
