// POST /api/auth/password: a new password; every other session is signed out.
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const changePassword = (input: { currentPassword?: string; newPassword: string }) =>
  api.request<{ revokedSessions: number }>('/api/auth/password', { method: 'POST', body: input });

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
