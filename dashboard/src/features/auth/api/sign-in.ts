// POST /api/auth/login: email + password → signed in, or a 2FA challenge to answer.
import { useMutation } from '@tanstack/react-query';
import { signInResult } from '../../../../../contract/rest/auth.ts';
import { api } from '../../../lib/api-client.ts';
import { completeSignIn } from '../../../lib/auth.tsx';

export type { MfaChallenge } from '../../../../../contract/rest/auth.ts';

export interface SignInInput {
  email: string;
  password: string;
  /** From the emailed unlock link (/login#unlock=…), when the account's sign-ins are paused. */
  unlockToken?: string;
}

export const signIn = (input: SignInInput) =>
  api.request('/api/auth/login', signInResult, { method: 'POST', body: input, auth: false });

export function useSignIn() {
  return useMutation({
    mutationFn: signIn,
    onSuccess: (result) => {
      if (result.status === 'signed_in') completeSignIn(result);
    },
  });
}
