// POST /api/auth/password-reset/request: mails a reset link (the answer is the same for unknown emails).
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const requestPasswordReset = (email: string) =>
  api.request<{ ok: true }>('/api/auth/password-reset/request', { method: 'POST', body: { email }, auth: false });

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}
