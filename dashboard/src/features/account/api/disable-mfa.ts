// POST /api/auth/2fa/disable: turns 2FA off with a fresh code or a recovery code.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { withReauthentication } from '../../../lib/reauthentication.ts';
import { mfaStatusKey } from './get-mfa-status.ts';

export type SecondFactor = { code: string } | { recoveryCode: string };

export const disableMfa = (factor: SecondFactor) =>
  withReauthentication(() => api.request('/api/auth/2fa/disable', ok, { method: 'POST', body: factor }));

export function useDisableMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableMfa,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: mfaStatusKey });
      void queryClient.invalidateQueries({ queryKey: ['me'], exact: true });
      void queryClient.invalidateQueries({ queryKey: ['project-list'] });
    },
  });
}
