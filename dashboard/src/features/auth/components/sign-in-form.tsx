// Sign in: email and password, then — when the account has 2FA — the challenge step.
import { type FormEvent, useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import { Link } from '../../../lib/router.tsx';
import { type MfaChallenge, useSignIn } from '../api/sign-in.ts';
import { MfaChallengeForm } from './mfa-challenge-form.tsx';

export function SignInForm({
  onSignedIn,
  initialChallenge = null,
  unlockToken = null,
}: {
  onSignedIn: () => void;
  /** A challenge already issued (an OAuth sign-in of an account with 2FA). */
  initialChallenge?: MfaChallenge | null;
  /** From the emailed unlock link: lets the password through while the account's sign-ins are paused. */
  unlockToken?: string | null;
}) {
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<MfaChallenge | null>(initialChallenge);

  if (challenge) {
    return (
      <MfaChallengeForm
        challenge={challenge}
        onSignedIn={onSignedIn}
        onCancel={() => {
          setChallenge(null);
          signIn.reset();
        }}
      />
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(
      { email, password, ...(unlockToken ? { unlockToken } : {}) },
      {
        onSuccess: (result) => {
          if (result.status === 'mfa_required') setChallenge(result);
          else onSignedIn();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="email"
        required
        autoFocus
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        trailing={
          <Link to={paths.forgotPassword} className="text-xs font-medium text-brand-600 hover:text-brand-700">
            Forgot password?
          </Link>
        }
      />
      <FormError error={signIn.error} />
      <Button type="submit" className="w-full" busy={signIn.isPending} disabled={!email || !password}>
        Sign in
      </Button>
    </form>
  );
}
