// POST /api/auth/2fa/recovery-codes: new recovery codes; the old ones stop working.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { recoveryCodes } from '../../../../../contract/rest/mfa.ts';
import { api } from '../../../lib/api-client.ts';
import { withReauthentication } from '../../../lib/reauthentication.ts';
import type { SecondFactor } from './disable-mfa.ts';
import { mfaStatusKey } from './get-mfa-status.ts';

export const regenerateRecoveryCodes = (factor: SecondFactor) =>
  withReauthentication(() =>
    api.request('/api/auth/2fa/recovery-codes', recoveryCodes, { method: 'POST', body: factor }),
  );

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaStatusKey }),
  });
}
