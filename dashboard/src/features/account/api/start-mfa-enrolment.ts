// POST /api/auth/2fa/enrol: a new TOTP secret and its otpauth:// URI for the QR code.
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { withReauthentication } from '../../../lib/reauthentication.ts';

export const startMfaEnrolment = () =>
  withReauthentication(() =>
    api.request<{ secret: string; otpauthUri: string }>('/api/auth/2fa/enrol', { method: 'POST' }),
  );

export function useStartMfaEnrolment() {
  return useMutation({ mutationFn: startMfaEnrolment });
}
