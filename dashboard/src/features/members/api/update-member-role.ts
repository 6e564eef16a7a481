// PATCH /api/projects/:projectId/members/:userId: change a member's role (Managers).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { memberRoleChanged } from '../../../../../contract/rest/members.ts';
import { api } from '../../../lib/api-client.ts';
import { membersKey, type Role } from './get-members.ts';

export const updateMemberRole = (projectId: string, userId: string, role: Role) =>
  api.request(`/api/projects/${projectId}/members/${userId}`, memberRoleChanged, { method: 'PATCH', body: { role } });

export function useUpdateMemberRole(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => updateMemberRole(projectId, userId, role),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersKey(projectId) }),
  });
}
