// DELETE /api/projects/:projectId/invitations/:invitationId: the link stops working.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { invitationsKey } from './get-invitations.ts';

export const revokeInvitation = (projectId: string, invitationId: string) =>
  api.request(`/api/projects/${projectId}/invitations/${invitationId}`, ok, { method: 'DELETE' });

export function useRevokeInvitation(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => revokeInvitation(projectId, invitationId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(projectId) }),
  });
}
