// DELETE /api/projects/:projectId/members/:userId: remove a member (their sessions end at once).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { membersKey } from './get-members.ts';

export const removeMember = (projectId: string, userId: string) =>
  api.request(`/api/projects/${projectId}/members/${userId}`, ok, { method: 'DELETE' });

export function useRemoveMember(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => removeMember(projectId, userId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersKey(projectId) }),
  });
}
