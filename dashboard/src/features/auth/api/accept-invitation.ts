// POST /api/invitations/accept: the signed-in invitee joins the project.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invitationAccepted } from '../../../../../contract/rest/invitations.ts';
import { api } from '../../../lib/api-client.ts';

export const acceptInvitation = (token: string) =>
  api.request('/api/invitations/accept', invitationAccepted, {
    method: 'POST',
    body: { token },
  });

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acceptInvitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['project-list'] }),
  });
}
