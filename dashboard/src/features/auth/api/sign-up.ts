// POST /api/auth/signup: a new account, signed in, with its first project (or joining an invitation's).
import { useMutation } from '@tanstack/react-query';
import { signedUp } from '../../../../../contract/rest/auth.ts';
import { api } from '../../../lib/api-client.ts';
import { completeSignIn } from '../../../lib/auth.tsx';

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  projectName?: string;
  invitationToken?: string;
}

export type { SignedUp } from '../../../../../contract/rest/auth.ts';

export const signUp = (input: SignUpInput) =>
  api.request('/api/auth/signup', signedUp, { method: 'POST', body: input, auth: false });

export function useSignUp() {
  return useMutation({ mutationFn: signUp, onSuccess: completeSignIn });
}
