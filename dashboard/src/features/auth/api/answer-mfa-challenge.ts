// POST /api/auth/2fa/challenge: the second factor of a sign-in, a TOTP code or a recovery code.
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { completeSignIn, type SignedIn } from '../../../lib/auth.tsx';

export type MfaAnswer = { challengeToken: string; code: string } | { challengeToken: string; recoveryCode: string };

export const answerMfaChallenge = (input: MfaAnswer) =>
  api.request<SignedIn>('/api/auth/2fa/challenge', { method: 'POST', body: input, auth: false });

export function useAnswerMfaChallenge() {
  return useMutation({ mutationFn: answerMfaChallenge, onSuccess: completeSignIn });
}
