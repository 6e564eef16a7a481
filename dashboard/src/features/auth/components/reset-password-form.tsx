// Reset password: a new password for the token in the link's fragment.
import { type FormEvent, useState } from 'react';
import { Button, buttonClasses } from '../../../components/ui/button.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { FormError, Notice } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import { Link } from '../../../lib/router.tsx';
import { useConfirmPasswordReset } from '../api/confirm-password-reset.ts';

export function ResetPasswordForm({ token }: { token: string | null }) {
  const confirm = useConfirmPasswordReset();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again.length > 0 && again !== password;

  if (!token) {
    return (
      <Notice tone="error" title="This link is incomplete">
        Open the link from the email again, or ask for a new one.
      </Notice>
    );
  }
  if (confirm.isSuccess) {
    return (
      <div className="space-y-5">
        <Notice tone="success" title="Password changed">
          Every session of this account was signed out. Sign in with the new password.
        </Notice>
        <Link to={paths.signIn()} className={buttonClasses('primary', 'md', 'w-full')}>
          Sign in
        </Link>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({ token, newPassword: password });
  };

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <TextField
        label="New password"
        type="password"
        name="newPassword"
        autoComplete="new-password"
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint="At least 8 characters."
      />
      <TextField
        label="Repeat the new password"
        type="password"
        name="repeatPassword"
        autoComplete="new-password"
        value={again}
        onChange={(e) => setAgain(e.target.value)}
        error={mismatch ? 'The passwords differ' : undefined}
      />
      <FormError error={confirm.error} />
      <Button
        type="submit"
        className="w-full"
        busy={confirm.isPending}
        disabled={password.length < 8 || password !== again}
      >
        Set new password
      </Button>
    </form>
  );
}
