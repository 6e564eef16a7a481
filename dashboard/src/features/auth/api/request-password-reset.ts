// POST /api/auth/password-reset/request: mails a reset link (the answer is the same for unknown emails).
import { useMutation } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';

export const requestPasswordReset = (email: string) =>
  api.request('/api/auth/password-reset/request', ok, { method: 'POST', body: { email }, auth: false });

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}
