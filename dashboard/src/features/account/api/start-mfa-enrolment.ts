// POST /api/auth/2fa/enrol: a new TOTP secret and its otpauth:// URI for the QR code.
import { useMutation } from '@tanstack/react-query';
import { mfaEnrolment } from '../../../../../contract/rest/mfa.ts';
import { api } from '../../../lib/api-client.ts';
import { withReauthentication } from '../../../lib/reauthentication.ts';

export const startMfaEnrolment = () =>
  withReauthentication(() => api.request('/api/auth/2fa/enrol', mfaEnrolment, { method: 'POST' }));

export function useStartMfaEnrolment() {
  return useMutation({ mutationFn: startMfaEnrolment });
}
