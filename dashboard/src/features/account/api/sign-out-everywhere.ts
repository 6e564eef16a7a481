// POST /api/auth/logout-everywhere: every session of the account ends, this one included.
import { useMutation } from '@tanstack/react-query';
import { signedOutEverywhere } from '../../../../../contract/rest/auth.ts';
import { api } from '../../../lib/api-client.ts';

export const signOutEverywhere = () =>
  api.request('/api/auth/logout-everywhere', signedOutEverywhere, { method: 'POST' });

export function useSignOutEverywhere() {
  return useMutation({ mutationFn: signOutEverywhere });
}
