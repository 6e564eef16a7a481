// POST /api/auth/2fa/challenge: the second factor of a sign-in, a TOTP code or a recovery code.
import { useMutation } from '@tanstack/react-query';
import { signedIn } from '../../../../../contract/rest/auth.ts';
import { api } from '../../../lib/api-client.ts';
import { completeSignIn } from '../../../lib/auth.tsx';

export type MfaAnswer = { challengeToken: string; code: string } | { challengeToken: string; recoveryCode: string };

export const answerMfaChallenge = (input: MfaAnswer) =>
  api.request('/api/auth/2fa/challenge', signedIn, { method: 'POST', body: input, auth: false });

export function useAnswerMfaChallenge() {
  return useMutation({ mutationFn: answerMfaChallenge, onSuccess: completeSignIn });
}
