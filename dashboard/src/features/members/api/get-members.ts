// GET /api/projects/:projectId/members: members and their roles (Managers).

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Role } from '../../../../../contract/enums.ts';
import { memberList } from '../../../../../contract/rest/members.ts';
import { api } from '../../../lib/api-client.ts';

export type { Member } from '../../../../../contract/rest/members.ts';
export type { Role };

export const membersKey = (projectId: string) => ['projects', projectId, 'members'] as const;

export const getMembers = (projectId: string) => api.request(`/api/projects/${projectId}/members`, memberList);

export const membersQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: membersKey(projectId),
    queryFn: () => getMembers(projectId),
    select: (data) => data.members,
  });

export function useMembers(projectId: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...membersQueryOptions(projectId), enabled: options.enabled ?? true });
}
