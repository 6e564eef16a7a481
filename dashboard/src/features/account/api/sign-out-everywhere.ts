// POST /api/auth/logout-everywhere: every session of the account ends, this one included.
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const signOutEverywhere = () =>
  api.request<{ revoked: number }>('/api/auth/logout-everywhere', { method: 'POST' });

export function useSignOutEverywhere() {
  return useMutation({ mutationFn: signOutEverywhere });
}
