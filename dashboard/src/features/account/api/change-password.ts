// POST /api/auth/password: a new password; every other session is signed out.
import { useMutation } from '@tanstack/react-query';
import { passwordChanged } from '../../../../../contract/rest/auth.ts';
import { api } from '../../../lib/api-client.ts';

export const changePassword = (input: { currentPassword?: string; newPassword: string }) =>
  api.request('/api/auth/password', passwordChanged, { method: 'POST', body: input });

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
