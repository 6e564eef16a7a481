// POST /api/auth/2fa/recovery-codes: new recovery codes; the old ones stop working.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { withReauthentication } from '../../../lib/reauthentication.ts';
import type { SecondFactor } from './disable-mfa.ts';
import { mfaStatusKey } from './get-mfa-status.ts';

export const regenerateRecoveryCodes = (factor: SecondFactor) =>
  withReauthentication(() =>
    api.request<{ recoveryCodes: string[] }>('/api/auth/2fa/recovery-codes', { method: 'POST', body: factor }),
  );

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaStatusKey }),
  });
}
