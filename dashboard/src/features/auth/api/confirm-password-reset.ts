// POST /api/auth/password-reset/confirm: sets the new password with the mailed token.
import { useMutation } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';

export const confirmPasswordReset = (input: { token: string; newPassword: string }) =>
  api.request('/api/auth/password-reset/confirm', ok, { method: 'POST', body: input, auth: false });

export function useConfirmPasswordReset() {
  return useMutation({ mutationFn: confirmPasswordReset });
}
