// POST /api/projects/:projectId/invitations: invite an email address with a role; the link is mailed.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invitation } from '../../../../../contract/rest/invitations.ts';
import { api } from '../../../lib/api-client.ts';
import { invitationsKey } from './get-invitations.ts';
import type { Role } from './get-members.ts';

export const createInvitation = (projectId: string, input: { email: string; role: Role }) =>
  api.request(`/api/projects/${projectId}/invitations`, invitation, { method: 'POST', body: input });

export function useCreateInvitation(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) => createInvitation(projectId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(projectId) }),
  });
}
