// POST /api/auth/verify-email/confirm: proves the account's address with the mailed token.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';

export const verifyEmail = (token: string) =>
  api.request('/api/auth/verify-email/confirm', ok, { method: 'POST', body: { token }, auth: false });

export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: verifyEmail, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }) });
}
