// REST answers of /api/auth/2fa: the 2FA state, a TOTP enrolment, and recovery codes (shown once).
import { z } from 'zod';

export const mfaStatus = z.object({
  status: z.enum(['disabled', 'enrolling', 'enabled']),
  recoveryCodesRemaining: z.number().int(),
});
export type MfaStatus = z.infer<typeof mfaStatus>;

/** The secret and its otpauth:// URI (for the QR code), shown only in this answer. */
export const mfaEnrolment = z.object({ secret: z.string(), otpauthUri: z.string() }).meta({ id: 'MfaEnrolment' });

export const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });
