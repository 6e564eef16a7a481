// GET /api/projects/:projectId/invitations: pending invitations (Managers).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { Role } from './get-members.ts';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  createdAt: string;
}

export const invitationsKey = (projectId: string) => ['projects', projectId, 'invitations'] as const;

export const getInvitations = (projectId: string) =>
  api.request<{ invitations: Invitation[] }>(`/api/projects/${projectId}/invitations`);

export const invitationsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: invitationsKey(projectId),
    queryFn: () => getInvitations(projectId),
    select: (data) => data.invitations,
  });

export function useInvitations(projectId: string) {
  return useQuery(invitationsQueryOptions(projectId));
}
