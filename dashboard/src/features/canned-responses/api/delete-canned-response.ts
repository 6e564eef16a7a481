// DELETE /api/projects/:projectId/canned-responses/:id (Managers).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { cannedResponsesKey } from './get-canned-responses.ts';

export const deleteCannedResponse = (projectId: string, id: string) =>
  api.request(`/api/projects/${projectId}/canned-responses/${id}`, ok, { method: 'DELETE' });

export function useDeleteCannedResponse(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteCannedResponse(projectId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedResponsesKey(projectId) }),
  });
}
