// POST /api/auth/signup: a new account, signed in, with its first project (or joining an invitation's).
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { completeSignIn, type SignedIn } from '../../../lib/auth.tsx';

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  projectName?: string;
  invitationToken?: string;
}

export interface SignedUp extends SignedIn {
  project: { id: string; name: string } | null;
}

export const signUp = (input: SignUpInput) =>
  api.request<SignedUp>('/api/auth/signup', { method: 'POST', body: input, auth: false });

export function useSignUp() {
  return useMutation({ mutationFn: signUp, onSuccess: completeSignIn });
}
