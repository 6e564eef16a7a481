// GET /api/projects/:projectId/team: every member's id, name and role, for any member (who to
// assign or mention). Keyed under the members' key, so whatever refreshes the members (a role
// change, a removal) refreshes the team too.

import { queryOptions, useQuery } from '@tanstack/react-query';
import { teamList } from '../../../../../contract/rest/members.ts';
import { api } from '../../../lib/api-client.ts';
import { membersKey } from './get-members.ts';

export const teamKey = (projectId: string) => [...membersKey(projectId), 'team'] as const;

export const teamQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: teamKey(projectId),
    queryFn: () => api.request(`/api/projects/${projectId}/team`, teamList),
    select: (data) => data.team,
  });

export function useTeam(projectId: string) {
  return useQuery(teamQueryOptions(projectId));
}
