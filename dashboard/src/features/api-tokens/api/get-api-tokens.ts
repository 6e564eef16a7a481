// GET /api/projects/:projectId/tokens: live personal API tokens (Managers).

import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiTokenList } from '../../../../../contract/rest/api-tokens.ts';
import { api } from '../../../lib/api-client.ts';

export const apiTokensKey = (projectId: string) => ['projects', projectId, 'api-tokens'] as const;

export const getApiTokens = (projectId: string) => api.request(`/api/projects/${projectId}/tokens`, apiTokenList);

export const apiTokensQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: apiTokensKey(projectId), queryFn: () => getApiTokens(projectId), select: (d) => d.tokens });

export function useApiTokens(projectId: string) {
  return useQuery(apiTokensQueryOptions(projectId));
}
