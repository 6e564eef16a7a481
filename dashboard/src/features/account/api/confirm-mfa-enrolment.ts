// POST /api/auth/2fa/confirm: a code from the app turns 2FA on; returns the recovery codes (once).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { recoveryCodes } from '../../../../../contract/rest/mfa.ts';
import { api } from '../../../lib/api-client.ts';
import { mfaStatusKey } from './get-mfa-status.ts';

export const confirmMfaEnrolment = (code: string) =>
  api.request('/api/auth/2fa/confirm', recoveryCodes, { method: 'POST', body: { code } });

export function useConfirmMfaEnrolment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmMfaEnrolment,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: mfaStatusKey });
      void queryClient.invalidateQueries({ queryKey: ['me'], exact: true });
      // Projects that require 2FA open up now.
      void queryClient.invalidateQueries({ queryKey: ['project-list'] });
    },
  });
}
