// GET /api/projects/:projectId/invitations: pending invitations (Managers).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { invitationList } from '../../../../../contract/rest/invitations.ts';
import { api } from '../../../lib/api-client.ts';

export const invitationsKey = (projectId: string) => ['projects', projectId, 'invitations'] as const;

export const getInvitations = (projectId: string) =>
  api.request(`/api/projects/${projectId}/invitations`, invitationList);

export const invitationsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: invitationsKey(projectId),
    queryFn: () => getInvitations(projectId),
    select: (data) => data.invitations,
  });

export function useInvitations(projectId: string) {
  return useQuery(invitationsQueryOptions(projectId));
}
