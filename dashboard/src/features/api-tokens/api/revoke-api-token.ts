// DELETE /api/projects/:projectId/tokens/:tokenId: the token stops working at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { apiTokensKey } from './get-api-tokens.ts';

export const revokeApiToken = (projectId: string, tokenId: string) =>
  api.request(`/api/projects/${projectId}/tokens/${tokenId}`, ok, { method: 'DELETE' });

export function useRevokeApiToken(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => revokeApiToken(projectId, tokenId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensKey(projectId) }),
  });
}
