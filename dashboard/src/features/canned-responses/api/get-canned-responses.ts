// GET /api/projects/:projectId/canned-responses: the project's saved replies (every member reads them).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface CannedResponse {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export const cannedResponsesKey = (projectId: string) => ['projects', projectId, 'canned-responses'] as const;

export const getCannedResponses = (projectId: string) =>
  api.request<{ cannedResponses: CannedResponse[] }>(`/api/projects/${projectId}/canned-responses`);

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
