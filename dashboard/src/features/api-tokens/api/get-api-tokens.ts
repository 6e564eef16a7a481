// GET /api/projects/:projectId/tokens: live personal API tokens (Managers).

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Role } from '../../../../../contract/enums.ts';
import { api } from '../../../lib/api-client.ts';

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  userId: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export const apiTokensKey = (projectId: string) => ['projects', projectId, 'api-tokens'] as const;

export const getApiTokens = (projectId: string) =>
  api.request<{ tokens: ApiToken[] }>(`/api/projects/${projectId}/tokens`);

export const apiTokensQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: apiTokensKey(projectId), queryFn: () => getApiTokens(projectId), select: (d) => d.tokens });

export function useApiTokens(projectId: string) {
  return useQuery(apiTokensQueryOptions(projectId));
}
