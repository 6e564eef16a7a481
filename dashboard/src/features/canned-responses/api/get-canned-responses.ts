// GET /api/projects/:projectId/canned-responses: the project's saved replies (every member reads them).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { cannedResponseList } from '../../../../../contract/rest/canned-responses.ts';
import { api } from '../../../lib/api-client.ts';

export type { CannedResponse } from '../../../../../contract/rest/canned-responses.ts';

export const cannedResponsesKey = (projectId: string) => ['projects', projectId, 'canned-responses'] as const;

export const getCannedResponses = (projectId: string) =>
  api.request(`/api/projects/${projectId}/canned-responses`, cannedResponseList);

export const cannedResponsesQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: cannedResponsesKey(projectId),
    queryFn: () => getCannedResponses(projectId),
    select: (data) => data.cannedResponses,
    staleTime: 5 * 60_000,
  });

export function useCannedResponses(projectId: string) {
  return useQuery(cannedResponsesQueryOptions(projectId));
}
