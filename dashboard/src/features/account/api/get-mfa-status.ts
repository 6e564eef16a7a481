// GET /api/auth/2fa: whether 2FA is off, being set up, or on, and how many recovery codes remain.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { mfaStatus } from '../../../../../contract/rest/mfa.ts';
import { api } from '../../../lib/api-client.ts';

export const mfaStatusKey = ['me', 'mfa'] as const;

export const getMfaStatus = () => api.request('/api/auth/2fa', mfaStatus);

export const mfaStatusQueryOptions = () => queryOptions({ queryKey: mfaStatusKey, queryFn: getMfaStatus });

export function useMfaStatus() {
  return useQuery(mfaStatusQueryOptions());
}
