// POST /api/projects/:projectId/tokens: a new token for a role; the token itself is shown once.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../../../contract/enums.ts';
import { apiTokenCreated } from '../../../../../contract/rest/api-tokens.ts';
import { api } from '../../../lib/api-client.ts';
import { withReauthentication } from '../../../lib/reauthentication.ts';
import { apiTokensKey } from './get-api-tokens.ts';

export interface ApiTokenInput {
  name: string;
  role: Role;
  expiresInDays?: number;
}

export const createApiToken = (projectId: string, input: ApiTokenInput) =>
  withReauthentication(() =>
    api.request(`/api/projects/${projectId}/tokens`, apiTokenCreated, { method: 'POST', body: input }),
  );

export function useCreateApiToken(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiTokenInput) => createApiToken(projectId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensKey(projectId) }),
  });
}
